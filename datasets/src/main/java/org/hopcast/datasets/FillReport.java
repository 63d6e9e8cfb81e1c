package org.hopcast.datasets;

import java.util.List;

/**
 * The missing (empty, NaN or infinite) cells found while reading, how many were repaired, and what became of missing
 * and repeated timestamps.
 *
 * @param method the fill method applied
 * @param missingCells missing cells found in the kept columns
 * @param filledCells cells repaired by {@code method} (equal to {@code missingCells} when a method was applied)
 * @param perColumn missing cells per kept column, in column order
 * @param gaps the gap policy
 * @param insertedRows rows inserted at missing timestamps (filled; {@link GapPolicy#FILL})
 * @param firstInserted the first of their timestamps, or null
 * @param mergedRows repeated timestamps averaged into the row before ({@link GapPolicy#FILL})
 * @param firstMerged the first of them, or null
 */
public record FillReport(FillMethod method, long missingCells, long filledCells, List<Long> perColumn,
        GapPolicy gaps, int insertedRows, String firstInserted, int mergedRows, String firstMerged) {
    public FillReport {
        perColumn = List.copyOf(perColumn);
        gaps = gaps == null ? GapPolicy.KEEP : gaps;
    }

    /** A report of cells alone (timestamps kept as read). */
    public FillReport(FillMethod method, long missingCells, long filledCells, List<Long> perColumn) {
        this(method, missingCells, filledCells, perColumn, GapPolicy.KEEP, 0, null, 0, null);
    }
}
