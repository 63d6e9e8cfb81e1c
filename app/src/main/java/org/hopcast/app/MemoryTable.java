package org.hopcast.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import org.hopcast.forecasting.service.MemoryEvaluation;

/** How {@code evaluate --memory} and {@code memory} print an external memory's evaluation. */
final class MemoryTable {
    private MemoryTable() {
    }

    /** One evaluation: the bank, the setting and how it was chosen, then each subset of test windows. */
    static void print(PrintWriter o, MemoryEvaluation m) {
        o.printf("Memory %s, bank %s (%d windows%s): %s; %s (%d settings searched; validation MSE %.4f, without the"
                + " memory %.4f)%n", m.kind(), m.bank(), m.bankSize(), m.stride() > 1 ? ", stride " + m.stride() : "",
                m.settingText(), m.chosenOn(), m.settingsTried(), m.validationMse(), m.validationMseBackbone());
        o.println("  test windows     count   MSE with  without   change  (95% block bootstrap)   MAE with  without");
        m.test().forEach((name, s) -> o.printf(Locale.ROOT, "  %-14s %7d   %8.4f  %7.4f  %+6.2f%%  [%+6.2f%%, %+6.2f%%]"
                + "   %8.4f  %7.4f%n", name, s.windows(), s.mse(), s.mseBackbone(), s.deltaMsePercent(),
                s.deltaMsePercentCi95()[0], s.deltaMsePercentCi95()[1], s.mae(), s.maeBackbone()));
        o.printf("  sudden: event score at least %.3f (validation's 90th percentile)%s%n", m.suddenThreshold(),
                m.bankFile() == null ? "" : "; the bank's rows: " + m.bankFile());
    }

    /** Several evaluations side by side: a row per module and bank, the change of test MSE per subset. */
    static void summary(PrintWriter o, List<MemoryEvaluation> all) {
        o.println("module  bank       windows  setting                                                      validation"
                + "         all test windows          sudden                    normal");
        for (MemoryEvaluation m : all) {
            o.printf(Locale.ROOT, "%-7s %-10s %7d  %-60s %.4f->%.4f  %s  %s  %s%n", m.kind(), m.bank(), m.bankSize(),
                    abbreviate(m.settingText(), 60), m.validationMseBackbone(), m.validationMse(), change(m, "all"),
                    change(m, "sudden"), change(m, "normal"));
        }
        o.println("(change of test MSE with the memory, in % of the model alone, with its 95% block-bootstrap"
                + " interval; '=' the model alone, lambda 0)");
    }

    private static String change(MemoryEvaluation m, String subset) {
        MemoryEvaluation.Subset s = m.test().get(subset);
        if (s == null || s.windows() == 0) {
            return String.format(Locale.ROOT, "%-24s", "-");
        }
        if (s.mse() == s.mseBackbone()) {
            return String.format(Locale.ROOT, "%-24s", "=");
        }
        double[] ci = s.deltaMsePercentCi95();
        return String.format(Locale.ROOT, "%-24s", String.format(Locale.ROOT, "%+.2f%% %s", s.deltaMsePercent(),
                Double.isNaN(ci[0]) ? "[too few]" : String.format(Locale.ROOT, "[%+.1f, %+.1f]", ci[0], ci[1])));
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
