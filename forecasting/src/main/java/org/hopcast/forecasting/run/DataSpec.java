package org.hopcast.forecasting.run;

import java.nio.file.Path;
import java.util.List;

import org.hopcast.datasets.ColumnRoles;
import org.hopcast.datasets.DataRequest;
import org.hopcast.datasets.FillMethod;
import org.hopcast.datasets.ReadOptions;
import org.hopcast.datasets.SplitProtocol;
import org.hopcast.datasets.WindowSpec;
import org.hopcast.forecasting.run.files.Since;

/**
 * The data a run uses, in a form that is saved with the run (config.json) and can be turned back into a
 * {@link DataRequest}. Null fields mean the default.
 *
 * @param input a CSV path, or null
 * @param dataset a known dataset's name, or null (neither: the built-in ETTh1)
 * @param dataDirs extra folders to look for datasets in
 * @param split the split protocol's name, or null for the dataset's own
 * @param timeColumn the time column, "none", or null for automatic
 * @param columns the series to use, or null for all
 * @param fill none, forward or linear
 * @param delimiter the delimiter, or null to detect
 * @param timeFormat how the time column is written ({@code TimeFormat}), or null to recognise it
 * @param gaps what missing and repeated timestamps become ({@code GapPolicy}: keep or fill), or null for keep
 * @param targets the columns to forecast, or null for every read column that is not a covariate
 * @param pastCovariates columns observed up to a forecast's origin only, or null for none
 * @param futureCovariates columns known ahead, or null for none
 * @param calendarFeatures the calendar-features setting (off, on, feature names), or null for off
 * @param idColumn the columns naming a row's series in a file of many (long format), or null for one series
 */
public record DataSpec(String input, String dataset, List<String> dataDirs, String split, String timeColumn,
        List<String> columns, String fill, String delimiter, @Since("time formats") String timeFormat,
        @Since("gaps") String gaps, @Since("covariates") List<String> targets,
        @Since("covariates") List<String> pastCovariates, @Since("covariates") List<String> futureCovariates,
        @Since("covariates") List<String> calendarFeatures, @Since("panels") List<String> idColumn) {

    public static final DataSpec BUILT_IN = new DataSpec(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);
    /** Where {@link #builder} starts: every field its default. */
    private static final DataSpec REFERENCE_DEFAULTS = BUILT_IN;

    /** The split of a final model: every row is training data. */
    public static final String ALL_ROWS = "all";

    public DataRequest toRequest(int inLen, int outLen) {
        ReadOptions read = ReadOptions.builder().optTimeColumn(timeColumn).optColumns(columns)
                .optDelimiter(delimiter == null || delimiter.isEmpty() ? null : delimiter.charAt(0))
                .optFill(fill == null ? FillMethod.NONE : FillMethod.parse(fill)).optTimeFormat(timeFormat)
                .optGaps(gaps == null ? null : org.hopcast.datasets.GapPolicy.parse(gaps)).build();
        return new DataRequest(input == null ? null : Path.of(input), dataset,
                dataDirs == null ? List.of() : dataDirs.stream().map(Path::of).toList(), read,
                split == null ? null : SplitProtocol.parse(split), new WindowSpec(inLen, outLen), roles(), idColumn);
    }

    /** Which columns are targets and which covariates. */
    public ColumnRoles roles() {
        return new ColumnRoles(targets, pastCovariates, futureCovariates, calendarFeatures);
    }

    /** The same data read from another file (for evaluating a run on new data). */
    public DataSpec withInput(Path file) {
        return toBuilder().setInput(file.toString()).setDataset(null).build();
    }

    /** A builder that starts from the built-in data with every default. */
    public static Builder builder() {
        return REFERENCE_DEFAULTS.toBuilder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.input = input;
        b.dataset = dataset;
        b.dataDirs = dataDirs;
        b.split = split;
        b.timeColumn = timeColumn;
        b.columns = columns;
        b.fill = fill;
        b.delimiter = delimiter;
        b.timeFormat = timeFormat;
        b.gaps = gaps;
        b.targets = targets;
        b.pastCovariates = pastCovariates;
        b.futureCovariates = futureCovariates;
        b.calendarFeatures = calendarFeatures;
        b.idColumn = idColumn;
        return b;
    }

    /** Sets fields by name, so that no setting is put in another's place; {@link #build} checks them all. */
    public static final class Builder {
        private String input;
        private String dataset;
        private List<String> dataDirs;
        private String split;
        private String timeColumn;
        private List<String> columns;
        private String fill;
        private String delimiter;
        private String timeFormat;
        private String gaps;
        private List<String> targets;
        private List<String> pastCovariates;
        private List<String> futureCovariates;
        private List<String> calendarFeatures;
        private List<String> idColumn;

        private Builder() {
        }

        public Builder setIdColumn(List<String> idColumn) {
            this.idColumn = idColumn;
            return this;
        }

        public Builder setTargets(List<String> targets) {
            this.targets = targets;
            return this;
        }

        public Builder setPastCovariates(List<String> pastCovariates) {
            this.pastCovariates = pastCovariates;
            return this;
        }

        public Builder setFutureCovariates(List<String> futureCovariates) {
            this.futureCovariates = futureCovariates;
            return this;
        }

        public Builder setCalendarFeatures(List<String> calendarFeatures) {
            this.calendarFeatures = calendarFeatures;
            return this;
        }

        public Builder setInput(String input) {
            this.input = input;
            return this;
        }

        public Builder setDataset(String dataset) {
            this.dataset = dataset;
            return this;
        }

        public Builder setDataDirs(List<String> dataDirs) {
            this.dataDirs = dataDirs;
            return this;
        }

        public Builder setSplit(String split) {
            this.split = split;
            return this;
        }

        public Builder setTimeColumn(String timeColumn) {
            this.timeColumn = timeColumn;
            return this;
        }

        public Builder setColumns(List<String> columns) {
            this.columns = columns;
            return this;
        }

        public Builder setFill(String fill) {
            this.fill = fill;
            return this;
        }

        public Builder setDelimiter(String delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public Builder setGaps(String gaps) {
            this.gaps = gaps;
            return this;
        }

        public Builder setTimeFormat(String timeFormat) {
            this.timeFormat = timeFormat;
            return this;
        }

        public DataSpec build() {
            return new DataSpec(input, dataset, dataDirs, split, timeColumn, columns, fill, delimiter, timeFormat,
                    gaps, targets, pastCovariates, futureCovariates, calendarFeatures, idColumn);
        }
    }
}
