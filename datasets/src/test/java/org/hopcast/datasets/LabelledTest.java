package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One rule for every labelled choice: case, blanks and '-' against '_' do not matter. */
class LabelledTest {
    @Test
    void everySpellingOfALabelIsTheSameChoice() {
        for (String s : new String[] {"seasonal-shift", "SEASONAL_SHIFT", " Seasonal_Shift ", "seasonal_shift"}) {
            assertEquals(SyntheticSeries.Kind.SEASONAL_SHIFT, SyntheticSeries.Kind.parse(s), s);
        }
        assertEquals(FillMethod.FORWARD, FillMethod.parse(" Forward"));
    }

    @Test
    void anUnknownLabelNamesTheSettingAndEveryChoice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Labelled.parse(SyntheticSeries.Kind.class, "sine", "kind"));
        assertEquals("kind must be random-walk, seasonal-shift or trend, got 'sine'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Labelled.parse(SyntheticSeries.Kind.class, null, "kind"));
        DataException d = assertThrows(DataException.class, () -> FillMethod.parse("mean"));
        assertTrue(d.getMessage().contains("none, forward or linear"), d.getMessage());
    }
}
