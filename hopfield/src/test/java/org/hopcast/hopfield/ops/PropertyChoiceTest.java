package org.hopcast.hopfield.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PropertyChoiceTest {
    private static final String PROPERTY = "hopcast.test-choice";

    private enum Way {
        JAVA, LIBTORCH;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void unsetGivesTheFallbackAndALabelIsReadLeniently() {
        assertEquals(Way.JAVA, PropertyChoice.read(PROPERTY, Way.JAVA, Way::label));
        System.setProperty(PROPERTY, " LibTorch ");
        assertEquals(Way.LIBTORCH, PropertyChoice.read(PROPERTY, Way.JAVA, Way::label));
    }

    @Test
    void anUnknownLabelNamesThePropertyAndTheOptions() {
        System.setProperty(PROPERTY, "cuda");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PropertyChoice.read(PROPERTY, Way.JAVA, Way::label));
        assertEquals("hopcast.test-choice must be java or libtorch, not 'cuda'", e.getMessage());
    }
}
