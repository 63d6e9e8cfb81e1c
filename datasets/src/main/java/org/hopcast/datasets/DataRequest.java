package org.hopcast.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * What data a user asked for, as front ends (CLI, config files, GUI) collect it: a file or a known dataset
 * (neither means the built-in default), how to read it, how to split it and the window lengths.
 *
 * @param input a CSV file, or null
 * @param dataset a known dataset's name, or null
 * @param dataDirs extra folders to look for known datasets in
 * @param read how to read the file
 * @param split the split protocol, or null for the dataset's own (ratio for an unknown file)
 * @param window the window lengths
 * @param roles which columns are targets and which covariates ({@link ColumnRoles#ALL_TARGETS} when null)
 * @param idColumns the columns that name a row's series in a file of many (long format); empty for one series
 */
public record DataRequest(Path input, String dataset, List<Path> dataDirs, ReadOptions read, SplitProtocol split,
        WindowSpec window, ColumnRoles roles, List<String> idColumns) {
    /** The rule every front end states the same way: one source at a time. */
    public static final String ONE_SOURCE = "give either an input file or a dataset name, not both";

    public DataRequest {
        dataDirs = dataDirs == null ? List.of() : List.copyOf(dataDirs);
        read = read == null ? ReadOptions.defaults() : read;
        roles = roles == null ? ColumnRoles.ALL_TARGETS : roles;
        idColumns = idColumns == null ? List.of() : List.copyOf(idColumns);
        if (input != null && dataset != null) {
            throw DataException.setting("input/dataset", ONE_SOURCE, null);
        }
    }

    /** A request for every column as a target (the benchmarks' way). */
    public DataRequest(Path input, String dataset, List<Path> dataDirs, ReadOptions read, SplitProtocol split,
            WindowSpec window) {
        this(input, dataset, dataDirs, read, split, window, null, null);
    }

    /** A request for one series with these column roles. */
    public DataRequest(Path input, String dataset, List<Path> dataDirs, ReadOptions read, SplitProtocol split,
            WindowSpec window, ColumnRoles roles) {
        this(input, dataset, dataDirs, read, split, window, roles, null);
    }

    /** Whether the file holds many series, named by {@link #idColumns}. */
    public boolean isPanel() {
        return !idColumns.isEmpty();
    }

    /** The source this request reads. */
    public SeriesSource source() {
        if (input != null) {
            return SeriesSource.file(input);
        }
        return DatasetRegistry.locate(dataset != null ? dataset : DatasetRegistry.DEFAULT_DATASET, dataDirs);
    }
}
