package org.hopcast.hopfield.separation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Run by {@link EntmaxLanesTest} in a JVM of other options (without the Vector API; interpreted only): prints where
 * alpha-entmax ran (with the lanes: and how many) and its values for a fixed input, one per line, exactly (as
 * float bits).
 */
final class EntmaxInAnotherJvm {
    /** Enough rows that two ways of rounding a logarithm or an exponential would show somewhere. */
    private static final int ROWS = 512;
    private EntmaxInAnotherJvm() {
    }

    public static void main(String[] args) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = AlphaEntmax.apply(input(m), m.create(1.4f));
            String where = EntmaxKernel.inUse();
            // EntmaxLanes only where it runs: a JVM without the Vector API's module cannot load it
            System.out.println(EntmaxKernel.Source.LANES.label().equals(where) ? where + " " + EntmaxLanes.LANES : where);
            for (float v : p.toFloatArray()) {
                System.out.println(Float.floatToRawIntBits(v));
            }
        }
    }

    static NDArray input(NDManager m) {
        float[] z = new float[ROWS * 14];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) Math.sin(1.7 * i) * 3;
        }
        return m.create(z, new Shape(ROWS, 14));
    }
}
