package org.hopcast.forecasting.run.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.hopcast.hopfield.separation.EntmaxKernel;
import org.junit.jupiter.api.Test;

/** What a benchmark and another JVM learn about this one. */
class MachineTest {
    @Test
    void theVectorApiAndTheNumericChoicesMadeHereAreReported() {
        // surefire resolves the Vector API, as the launcher does
        assertEquals(Optional.of("jdk.incubator.vector"), Machine.vectorModule());
        assertEquals(Map.of(), Machine.numericProperties(), "nothing chosen: nothing to pass on");
        String before = System.getProperty(EntmaxKernel.PROPERTY);
        System.setProperty(EntmaxKernel.PROPERTY, "libtorch");
        try {
            assertEquals(Map.of(EntmaxKernel.PROPERTY, "libtorch"), Machine.numericProperties());
        } finally {
            if (before == null) {
                System.clearProperty(EntmaxKernel.PROPERTY);
            } else {
                System.setProperty(EntmaxKernel.PROPERTY, before);
            }
        }
    }

    @Test
    void benchmarksSayWhereAlphaEntmaxRan() {
        assertEquals(EntmaxKernel.inUse(), Machine.json().get("alpha_entmax"));
        assertTrue(Machine.summary().endsWith("alpha-entmax by " + EntmaxKernel.inUse()), Machine.summary());
    }
}
