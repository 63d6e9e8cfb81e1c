package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Many series in one long file: each read on its own, nothing invented before a late start, no window across two. */
class PanelTest {
    /** Three stores from staggered starts (day 0, 40, 90) to day 299, rows interleaved by date; value = store * 1000 + day. */
    static String file() {
        StringBuilder sb = new StringBuilder("date,store,qty\n");
        int[] start = {0, 40, 90};
        for (int d = 0; d < 300; d++) {
            for (int s = 0; s < 3; s++) {
                if (d >= start[s]) {
                    sb.append(LocalDate.of(2024, 1, 1).plusDays(d)).append(",s").append(s).append(',')
                            .append(s * 1000 + d).append('\n');
                }
            }
        }
        return sb.toString();
    }

    static PanelReader.Panel read(String csv) {
        return PanelReader.read(SeriesSource.bytes("shops.csv", csv.getBytes(StandardCharsets.UTF_8)),
                ReadOptions.defaults(), List.of("store"));
    }

    @Test
    void eachSeriesKeepsExactlyItsOwnRows() {
        PanelReader.Panel p = read(file());
        assertEquals(List.of("s0", "s1", "s2"), p.ids());
        assertEquals(300, p.table("s0").rows());
        assertEquals(260, p.table("s1").rows(), "from its own first day: nothing invented before it");
        assertEquals(210, p.table("s2").rows());
        assertEquals("2024-03-31 00:00:00", Timestamps.format(p.table("s2").timestamp(0)));
        assertEquals(2090.0, p.table("s2").value(0, 0));
        assertEquals(List.of("qty"), p.table("s1").columns(), "the id column is not a series");
    }

    @Test
    void noWindowSpansTwoSeriesAndEachIsScaledOnItsOwn() {
        PreparedPanel panel = PreparedPanel.of(read(file()), SplitProtocol.parse("ratio"), new WindowSpec(14, 7),
                ColumnRoles.ALL_TARGETS);
        PreparedSeries pooled = PreparedSeries.pooled(panel);
        WindowDataset train = pooled.windows(Split.TRAIN).build();
        long expected = panel.members().stream().mapToLong(m -> m.windows(Split.TRAIN).build().size()).sum();
        assertEquals(expected, train.size());
        assertEquals(3, train.parts());
        for (long w = 0; w < train.size(); w++) {
            PreparedSeries m = panel.members().get(train.part(w));
            // the window's values, unscaled by its own series' statistics, are consecutive days of that one store
            float[] x = train.input(w);
            float[] y = train.target(w);
            double first = m.scaler().inverse(x[0], 0);
            for (int t = 0; t < 14; t++) {
                assertEquals(first + t, m.scaler().inverse(x[t], 0), 1e-2, "window " + w + " step " + t);
            }
            assertEquals(first + 14, m.scaler().inverse(y[0], 0), 1e-2);
            assertTrue(train.firstRow(w) + 21 <= m.layout().sizes().train(), "inside its own training rows");
        }
        // per series scaling: each series' training part has mean 0 on its own
        for (PreparedSeries m : panel.members()) {
            assertTrue(Math.abs(m.scaler().mean(0) - m.table().value(0, 0) - (m.layout().sizes().train() - 1) / 2.0)
                    < 1e-9);
        }
        assertThrows(IllegalStateException.class, pooled::scaler, "no one scaler for many series");
    }

    @Test
    void aShortSeriesIsLeftOutAndAProblemIsPlacedAtItsLineOfTheFile() {
        String withShort = file() + "2024-01-01,s9,1\n2024-01-02,s9,2\n";
        PreparedPanel panel = PreparedPanel.of(read(withShort), SplitProtocol.parse("ratio"), new WindowSpec(14, 7),
                ColumnRoles.ALL_TARGETS);
        assertEquals(List.of("s0", "s1", "s2"), panel.ids());
        assertTrue(panel.skipped().get("s9").contains("too few"), panel.skipped().toString());
        // store s1's 11th row is line 2 + (40 days of s0 alone) + 10 * 2 ... : find it by its text
        String bad = file().replace("2024-02-20,s1,1050", "2024-02-20,s1,oops");
        int line = java.util.Arrays.asList(bad.split("\n")).indexOf("2024-02-20,s1,oops") + 1;
        DataException e = assertThrows(DataException.class, () -> read(bad));
        assertTrue(e.getMessage().contains("line " + line) && e.getMessage().contains("store s1")
                && e.getMessage().contains("oops"), e.getMessage());
        DataException noId = assertThrows(DataException.class, () -> PanelReader.read(SeriesSource.bytes("shops.csv",
                file().getBytes(StandardCharsets.UTF_8)), ReadOptions.defaults(), List.of("shop")));
        assertEquals("id-column", noId.setting());
    }
}
