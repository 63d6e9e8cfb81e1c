package org.hopcast.datasets;

/**
 * A series ready for a forecaster: the table as read, its split layout, the scaler fitted on its training
 * rows, and the scaled values the window datasets share.
 */
public final class PreparedSeries {
    private final SeriesTable table;
    private final SplitLayout layout;
    private final StandardScaler scaler;
    private final float[] scaled;

    PreparedSeries(SeriesTable table, SplitLayout layout, StandardScaler scaler) {
        this.table = table;
        this.layout = layout;
        this.scaler = scaler;
        this.scaled = scaler.transformToFloat(table.rawValues());
    }

    /** Reads, validates, splits and scales what {@code request} names. */
    public static PreparedSeries prepare(DataRequest request) {
        SeriesSource source = request.source();
        SeriesTable table = SeriesCsvReader.read(source, request.read());
        return of(table, request.split() != null ? request.split() : DatasetRegistry.protocolFor(source),
                request.window());
    }

    /** As {@link #prepare(DataRequest)}, with the table {@code loaded} holds when it was read the same way. */
    public static PreparedSeries prepare(DataRequest request, LoadedTable loaded) {
        if (loaded == null || !loaded.serves(request)) {
            return prepare(request);
        }
        SeriesSource source = request.source();
        return of(loaded.table(), request.split() != null ? request.split() : DatasetRegistry.protocolFor(source),
                request.window());
    }

    /** Splits and scales a table already read. */
    public static PreparedSeries of(SeriesTable table, SplitProtocol protocol, WindowSpec window) {
        SplitLayout layout = SplitLayout.of(table.source().name(), table.rows(), protocol, window);
        StandardScaler scaler = StandardScaler.fit(table, layout.sizes().train());
        return new PreparedSeries(table, layout, scaler);
    }

    /**
     * Splits a table and scales it with statistics fitted elsewhere (a trained model's), for evaluating a model
     * on new data in the units it was trained in.
     */
    public static PreparedSeries of(SeriesTable table, SplitProtocol protocol, WindowSpec window,
            StandardScaler scaler) {
        if (scaler.columns() != table.columnCount()) {
            throw new IllegalArgumentException("the scaler has " + scaler.columns() + " columns, the table "
                    + table.columnCount());
        }
        return new PreparedSeries(table, SplitLayout.of(table.source().name(), table.rows(), protocol, window), scaler);
    }

    public SeriesTable table() {
        return table;
    }

    public SplitLayout layout() {
        return layout;
    }

    public StandardScaler scaler() {
        return scaler;
    }

    /** A builder for the windows of {@code split}; callers choose the sampling (shuffled for training). */
    public WindowDataset.Builder windows(Split split) {
        return WindowDataset.builder().setSeries(scaled, table.columnCount())
                .setRows(layout.begin(split), layout.end(split)).setWindow(layout.window()).optSplit(split);
    }

    /** A describable summary: file, time range, frequency, columns, statistics, splits and windows. */
    public DatasetDescription describe() {
        return DatasetDescription.of(this);
    }
}
