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
    /** The covariates, or null when every column is a target. */
    private final Covariates covariates;
    /** For many series pooled: the panel whose series these are (null for one series). */
    private final PreparedPanel panel;

    PreparedSeries(SeriesTable table, SplitLayout layout, StandardScaler scaler) {
        this(table, layout, scaler, null);
    }

    private PreparedSeries(SeriesTable table, SplitLayout layout, StandardScaler scaler, Covariates covariates) {
        this.table = table;
        this.layout = layout;
        this.scaler = scaler;
        this.scaled = scaler.transformToFloat(table.rawValues());
        this.covariates = covariates;
        this.panel = null;
    }

    /** The series of {@code panel} pooled: one set of windows over all of them for one model. */
    private PreparedSeries(PreparedPanel panel) {
        PreparedSeries first = panel.members().get(0);
        this.table = first.table;
        this.layout = SplitLayout.pooled(panel.members().stream().map(PreparedSeries::layout).toList());
        this.scaler = null;
        this.scaled = first.scaled;
        this.covariates = first.covariates;
        this.panel = panel;
    }

    /**
     * The series of {@code panel} pooled for one model: windows drawn from every series (each window within one),
     * each scaled on its own. Its table stands for the series' shared columns and calendar (the first series'); its
     * scaler does not exist (each series has its own: {@link #panel()}).
     */
    public static PreparedSeries pooled(PreparedPanel panel) {
        return new PreparedSeries(panel);
    }

    /** For many series pooled, their panel; null for one series. */
    public PreparedPanel panel() {
        return panel;
    }

    /** Reads, validates, splits and scales what {@code request} names. */
    public static PreparedSeries prepare(DataRequest request) {
        SeriesSource source = request.source();
        if (request.isPanel()) {
            PanelReader.Panel panel = PanelReader.read(source, request.read(), request.idColumns());
            return pooled(PreparedPanel.of(panel, request.split() != null ? request.split()
                    : DatasetRegistry.protocolFor(source), request.window(), request.roles()));
        }
        SeriesTable table = SeriesCsvReader.read(source, request.read());
        return of(table, request.split() != null ? request.split() : DatasetRegistry.protocolFor(source),
                request.window(), request.roles());
    }

    /** As {@link #prepare(DataRequest)}, with the table {@code loaded} holds when it was read the same way. */
    public static PreparedSeries prepare(DataRequest request, LoadedTable loaded) {
        if (loaded == null || !loaded.serves(request) || request.isPanel()) {
            return prepare(request);
        }
        SeriesSource source = request.source();
        return of(loaded.table(), request.split() != null ? request.split() : DatasetRegistry.protocolFor(source),
                request.window(), request.roles());
    }

    /** Splits and scales a table already read, every column a target. */
    public static PreparedSeries of(SeriesTable table, SplitProtocol protocol, WindowSpec window) {
        return of(table, protocol, window, ColumnRoles.ALL_TARGETS);
    }

    /**
     * Splits and scales a table already read (every column), its columns in the roles {@code roles} gives: the
     * targets become this series' table, the covariates ride beside it, each scaled by its training rows.
     */
    public static PreparedSeries of(SeriesTable read, SplitProtocol protocol, WindowSpec window, ColumnRoles given) {
        // the marker of filled rows is an input the model sees, never a series to forecast
        ColumnRoles roles = read.fillReport().gaps() == GapPolicy.MARK ? given.withPastCovariate(GapPolicy.MARKER) : given;
        SeriesTable table = read.select(roles.resolveTargets(read.source().name(), read.columns()));
        SplitLayout layout = SplitLayout.of(table.source().name(), table.rows(), protocol, window);
        StandardScaler scaler = StandardScaler.fit(table, layout.sizes().train());
        return new PreparedSeries(table, layout, scaler, Covariates.of(read, roles, layout.sizes().train()));
    }

    /**
     * The same series scaled with statistics fitted elsewhere (a trained model's: the targets' and, when there are
     * covariates, theirs), for evaluating a model on new data in the units it was trained in.
     */
    public PreparedSeries withScalers(StandardScaler targets, StandardScaler covariateScaler) {
        if (targets.columns() != table.columnCount()) {
            throw new IllegalArgumentException("the scaler has " + targets.columns() + " columns, the table "
                    + table.columnCount());
        }
        if ((covariates == null) != (covariateScaler == null)) {
            throw new IllegalArgumentException(covariates == null ? "a covariate scaler for a series without covariates"
                    : "no covariate scaler for a series with covariates");
        }
        return new PreparedSeries(table, layout, targets, covariates == null ? null : covariates.rescaled(covariateScaler));
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
        if (panel != null) {
            throw new IllegalStateException("many series pooled have a scaler each: take a series' own");
        }
        return scaler;
    }

    /**
     * The targets and the covariates read from the file (past, then future; not the calendar features, which the
     * timestamps give) as one table in original units: what a run on some of these rows reads again.
     */
    public SeriesTable withFileCovariates() {
        if (covariates == null || covariates.fileColumns() == 0) {
            return table;
        }
        int k = table.columnCount();
        int f = covariates.fileColumns();
        int rows = table.rows();
        double[] own = table.rawValues();
        double[] out = new double[rows * (k + f)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(own, r * k, out, r * (k + f), k);
            for (int j = 0; j < f; j++) {
                out[r * (k + f) + k + j] = covariates.raw(r, j);
            }
        }
        java.util.List<String> names = new java.util.ArrayList<>(table.columns());
        names.addAll(covariates.names().subList(0, f));
        java.util.List<Long> missing = new java.util.ArrayList<>(table.fillReport().perColumn());
        missing.addAll(java.util.Collections.nCopies(f, 0L));
        FillReport r = table.fillReport();
        return new SeriesTable(table.source(), table.sha256(), table.timeColumn().orElse(null), names,
                table.rawTimestamps(), out, rows, new FillReport(r.method(), r.missingCells(), r.filledCells(), missing,
                        r.gaps(), r.insertedRows(), r.firstInserted(), r.mergedRows(), r.firstMerged()));
    }

    /** The covariates beside the targets, or null when every column is a target. */
    public Covariates covariates() {
        return covariates;
    }

    /** A builder for the windows of {@code split}; callers choose the sampling (shuffled for training). */
    public WindowDataset.Builder windows(Split split) {
        if (panel != null) {
            // every series' own windows of the split, one series after another
            PreparedSeries first = panel.members().get(0);
            WindowDataset.Builder b = first.windows(split);
            for (PreparedSeries m : panel.members().subList(1, panel.members().size())) {
                b.addPart(m.scaled, m.covariates == null ? null : m.covariates.scaled(), m.layout.begin(split),
                        m.layout.end(split));
            }
            return b;
        }
        return windows(layout.begin(split), layout.end(split)).optSplit(split);
    }

    /** A builder for the windows of rows [begin, end), with the covariates when there are any. */
    public WindowDataset.Builder windows(int begin, int end) {
        WindowDataset.Builder b = WindowDataset.builder().setSeries(scaled, table.columnCount()).setRows(begin, end)
                .setWindow(layout.window());
        return covariates == null ? b : b.optCovariates(covariates.scaled(), covariates.columns(), covariates.known());
    }

    /** A describable summary: file, time range, frequency, columns, statistics, splits and windows. */
    public DatasetDescription describe() {
        return DatasetDescription.of(this);
    }
}
