package org.hopcast.app.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An executor a grid starts computes what the driver computes: it gets the driver's Vector API and choices. */
class ExecutorOptionsTest {
    @Test
    void executorsResolveTheVectorApiAndInheritTheNumericChoices() {
        String property = "hopcast.dropout-masks";
        String before = System.getProperty(property);
        try {
            System.clearProperty(property);
            assertEquals(" --add-modules=jdk.incubator.vector", SparkGrid.numericJvmOptions());
            System.setProperty(property, "libtorch");
            assertEquals(" --add-modules=jdk.incubator.vector -Dhopcast.dropout-masks=libtorch",
                    SparkGrid.numericJvmOptions());
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }
}
