package org.hopcast.datasets;

import java.util.List;

/**
 * The missing (empty, NaN or infinite) cells found while reading, and how many were repaired.
 *
 * @param method the fill method applied
 * @param missingCells missing cells found in the kept columns
 * @param filledCells cells repaired by {@code method} (equal to {@code missingCells} when a method was applied)
 * @param perColumn missing cells per kept column, in column order
 */
public record FillReport(FillMethod method, long missingCells, long filledCells, List<Long> perColumn) {
    public FillReport {
        perColumn = List.copyOf(perColumn);
    }
}
