package org.hopcast.forecasting.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Diebold-Mariano test against R's {@code forecast::dm.test} (r-reference.R makes the values). */
class DieboldMarianoReferenceTest {
    private static final RReference R = RReference.load();

    private static double[] errors(String forecast) {
        double[] test = R.array("test");
        double[] f = R.array(forecast);
        double[] e = new double[test.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = test[i] - f[i];
        }
        return e;
    }

    private static DieboldMariano check(String name, double[] e1, double[] e2, int h, int power) {
        DieboldMariano dm = DieboldMariano.ofErrors(e1, e2, h, power);
        double statistic = R.value(name + "_statistic");
        double p = R.value(name + "_p_value");
        assertEquals(statistic, dm.statistic(), 1e-10 * Math.abs(statistic), name + " statistic");
        assertEquals(p, dm.pValue(), 1e-8 * p, name + " p-value");
        return dm;
    }

    @Test
    void matchesROnSquaredAndAbsoluteLossesAtSeveralHorizons() {
        double[] e1 = errors("f1");
        double[] e2 = errors("f2");
        assertFalse(check("dm_h1_p2", e1, e2, 1, 2).horizonReduced());
        check("dm_h1_p1", e1, e2, 1, 1);
        DieboldMariano h6 = check("dm_h6_p2", e1, e2, 6, 2);
        assertEquals(6, h6.h());
        assertTrue(h6.significant());
        assertTrue(h6.difference() < 0, "the seasonal naive forecast's losses are lower");
        DieboldMariano close = check("dm_close_h4_p2", e1, errors("f3"), 4, 2);
        assertFalse(close.significant(), "p " + close.pValue());
        check("dm_close_h3_p1", e1, errors("f3"), 3, 1);
    }

    @Test
    void aNegativeVarianceFallsBackToOneStepAsRDoes() {
        DieboldMariano h12 = check("dm_h12_p1", errors("f1"), errors("f2"), 12, 1);
        assertTrue(h12.horizonReduced());
        assertEquals(1, h12.h());
        assertTrue(check("dm_alt_h2_p1", R.array("alt1"), R.array("alt2"), 2, 1).horizonReduced());
    }

    @Test
    void degenerateInputsAreNamed() {
        double[] same = {1, 2, 3, 4};
        DieboldMariano none = DieboldMariano.ofErrors(same, same, 1, 2);
        assertEquals(1.0, none.pValue());
        assertFalse(none.significant());
        assertThrows(IllegalArgumentException.class, () -> DieboldMariano.ofErrors(same, new double[3], 1, 2));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> DieboldMariano.ofErrors(same, new double[] {0, 1, 0, 1}, 4, 2));
        assertTrue(few.getMessage().contains("too few"), few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DieboldMariano.lossOf(3));
    }
}
