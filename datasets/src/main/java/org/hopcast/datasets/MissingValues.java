package org.hopcast.datasets;

/** Repairs NaN cells of one column of a row-major table in place. */
final class MissingValues {
    private MissingValues() {
    }

    static void fill(double[] values, int rows, int cols, int c, FillMethod method) {
        int firstValid = -1;
        for (int r = 0; r < rows; r++) {
            if (!Double.isNaN(values[r * cols + c])) {
                firstValid = r;
                break;
            }
        }
        if (firstValid < 0) {
            throw new IllegalArgumentException("column " + c + " has no valid value");
        }
        // Leading gap: nothing to carry or interpolate from, so both methods take the first valid value.
        for (int r = 0; r < firstValid; r++) {
            values[r * cols + c] = values[firstValid * cols + c];
        }
        int lastValid = firstValid;
        for (int r = firstValid + 1; r < rows; r++) {
            int at = r * cols + c;
            if (!Double.isNaN(values[at])) {
                if (method == FillMethod.LINEAR && r - lastValid > 1) {
                    double a = values[lastValid * cols + c];
                    double b = values[at];
                    int span = r - lastValid;
                    for (int k = 1; k < span; k++) {
                        values[(lastValid + k) * cols + c] = a + (b - a) * k / span;
                    }
                }
                lastValid = r;
            } else if (method == FillMethod.FORWARD) {
                values[at] = values[lastValid * cols + c];
            }
        }
        // Trailing gap (linear): nothing to interpolate towards, so carry the last valid value.
        for (int r = lastValid + 1; r < rows; r++) {
            values[r * cols + c] = values[lastValid * cols + c];
        }
    }
}
