package org.hopcast.datasets;

/**
 * A table a front end has already read, with the request it read it by (the GUI loads a file to show it before the
 * user trains on it): {@link PreparedSeries#prepare(DataRequest, LoadedTable)} uses it instead of reading the file
 * again when a request reads the same source the same way.
 *
 * @param request what read the table
 * @param table the table
 */
public record LoadedTable(DataRequest request, SeriesTable table) {
    /** Whether {@code other} reads the same source with the same options (its split and windows may differ). */
    public boolean serves(DataRequest other) {
        return java.util.Objects.equals(request.input(), other.input())
                && java.util.Objects.equals(request.dataset(), other.dataset())
                && request.dataDirs().equals(other.dataDirs()) && request.read().equals(other.read());
    }
}
