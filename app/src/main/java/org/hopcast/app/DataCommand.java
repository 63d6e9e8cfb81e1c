package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.hopcast.datasets.DataException;
import org.hopcast.datasets.DatasetDescription;
import org.hopcast.datasets.DatasetRegistry;
import org.hopcast.datasets.KnownDataset;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.RetailExample;
import org.hopcast.datasets.SeriesSource;
import org.hopcast.datasets.SyntheticSeries;
import org.hopcast.forecasting.run.files.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast data ...}: look at series files before training on them. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect series files.",
        subcommands = {DataCommand.Describe.class, DataCommand.ListKnown.class, DataCommand.Synthetic.class,
            DataCommand.Example.class})
final class DataCommand {

    /** {@code hopcast data example}. */
    @Command(name = "example", mixinStandardHelpOptions = true,
            description = {"Write the retail example: daily sales of three products in one store (retail.csv) with"
                + " their promotions (known ahead: future covariates) and shelf prices (only observed: past"
                + " covariates), weekday, Christmas and closed-day effects, and the promotion plan for the "
                + RetailExample.PLANNED_DAYS + " days after it (retail-future.csv), for forecast --future; and the"
                + " same in four stores opened a quarter apart, one long file (retail-stores.csv, for --id-column"
                + " store,product) with its plan (retail-stores-future.csv)."})
    static final class Example implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the two files"
                + " into.")
        Path out;

        @Option(names = "--days", paramLabel = "N", defaultValue = "" + RetailExample.DEFAULT_DAYS, description = "Days of"
                + " history (default ${DEFAULT-VALUE}, three years).")
        int days;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "" + RetailExample.DEFAULT_SEED, description = "Random"
                + " seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws java.io.IOException {
            if (days < 60) {
                throw new HopcastCli.UserError("--days must be at least 60");
            }
            java.util.List<Path> files = RetailExample.write(out, days, seed);
            PrintWriter o = spec.commandLine().getOut();
            o.printf("Wrote %s (%d days from %s: %s) and %s (the promotions planned for the next %d days)%n",
                    files.get(0), days, RetailExample.START, String.join(", ", RetailExample.columns()), files.get(1),
                    RetailExample.PLANNED_DAYS);
            o.printf("Wrote %s (%d stores of different sizes, opened %d days apart: store,product,date,sales,promo,price,"
                    + " one series per store and product) and %s (their plan)%n", files.get(2), RetailExample.STORES,
                    RetailExample.OPENING_GAP, files.get(3));
            return 0;
        }
    }

    /** {@code hopcast data synthetic}. */
    @Command(name = "synthetic", mixinStandardHelpOptions = true,
            description = {"Write an hourly series whose best forecast is known: random-walk (repeating the last"
                + " value is optimal), seasonal-shift (daily and weekly cycles whose level jumps after the training"
                + " period) or trend (the test period lies above all training data).",
                "For checking a model against the baselines on data unlike the benchmark files."})
    static final class Synthetic implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "random-walk, seasonal-shift"
                + " or trend.")
        String kind;

        @Option(names = "--rows", paramLabel = "N", defaultValue = "5000", description = "Rows (default"
                + " ${DEFAULT-VALUE}).")
        int rows;

        @Option(names = "--series", paramLabel = "N", defaultValue = "3", description = "Series (default"
                + " ${DEFAULT-VALUE}).")
        int series;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "" + RetailExample.DEFAULT_SEED, description = "Random"
                + " seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
        Path out;

        @Override
        public Integer call() throws java.io.IOException {
            SyntheticSeries.Kind k;
            try {
                k = SyntheticSeries.Kind.parse(kind);
                if (rows < 2 || series < 1) {
                    throw new IllegalArgumentException("--rows must be at least 2 and --series at least 1");
                }
            } catch (IllegalArgumentException e) {
                throw new HopcastCli.UserError(e.getMessage());
            }
            SyntheticSeries.write(out, k, rows, series, seed);
            spec.commandLine().getOut().printf("Wrote %s: %d hourly rows of %d %s series (seed %d)%n", out, rows,
                    series, k.label(), seed);
            return 0;
        }
    }

    /** {@code hopcast data describe}. */
    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Read and validate a series file; print its time range, frequency, columns, missing"
                    + " values, training-split statistics, and the rows and windows of each split.")
    static final class Describe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DataSourceOptions data;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() {
            PreparedSeries series = PreparedSeries.prepare(data.toRequest());
            PrintWriter out = spec.commandLine().getOut();
            if (series.panel() != null) {
                org.hopcast.datasets.PreparedPanel.Description p = series.panel().describe();
                if (json) {
                    out.println(Json.line(p));
                    return 0;
                }
                out.printf("File        %s%n", p.source());
                out.printf("Series      %d by %s (%d left out: too short for one window in every split%s)%n",
                        p.series(), String.join(", ", p.idColumns()), p.skipped(), p.firstSkipped() == null ? ""
                                : "; the first: " + p.firstSkipped());
                out.printf("Rows        %d to %d a series (median %d); each series split and scaled on its own%n",
                        p.minRows(), p.maxRows(), p.medianRows());
                if (p.firstStart() != null) {
                    out.printf("Starts      from %s to %s (a later start is not filled in before it)%n",
                            p.firstStart(), p.lastStart());
                }
                out.printf("Columns     %s%n", String.join(", ", p.columns()));
                out.printf("Windows     train %d, val %d, test %d (every series' own, none across two)%n",
                        p.windows().train(), p.windows().val(), p.windows().test());
                return 0;
            }
            DatasetDescription d = series.describe();
            if (json) {
                out.println(Json.line(d.toJson()));
            } else {
                printText(out, d);
            }
            return 0;
        }

        static void printText(PrintWriter out, DatasetDescription d) {
            out.printf("File        %s%n", d.source());
            out.printf("SHA-256     %s%n", d.sha256());
            if (d.timeColumn() != null) {
                out.printf("Time        column '%s', %s .. %s", d.timeColumn(), d.start(), d.end());
                if (d.calendar() != null && d.calendar().isCalendar()) {
                    // months and business days are regular by their calendar, not by a fixed step
                    out.printf(", %s", d.calendar().label());
                } else if (d.frequency() != null) {
                    out.printf(", step %s", d.frequency().label());
                    if (d.frequency().irregularSteps() > 0) {
                        out.printf(" (%d steps differ: gaps or irregular sampling)", d.frequency().irregularSteps());
                    }
                }
                if (d.calendar() != null) {
                    out.printf("; season %s", d.calendar().season().isPresent() ? d.calendar().season().getAsInt()
                            + " steps (the seasonal naive's)" : "none known");
                }
                out.println();
            } else {
                out.println("Time        no time column");
            }
            out.printf("Rows        %d%n", d.rows());
            out.printf("Columns     %d: %s%n", d.columns().size(), String.join(", ", d.columns()));
            if (!d.pastCovariates().isEmpty() || !d.futureCovariates().isEmpty() || !d.calendarFeatures().isEmpty()) {
                out.printf("Covariates  past: %s; future (known ahead): %s; calendar: %s%n",
                        d.pastCovariates().isEmpty() ? "none" : String.join(", ", d.pastCovariates()),
                        d.futureCovariates().isEmpty() ? "none" : String.join(", ", d.futureCovariates()),
                        d.calendarFeatures().isEmpty() ? "none" : String.join(", ", d.calendarFeatures()));
            }
            if (d.fill().missingCells() == 0) {
                out.println("Missing     none");
            } else {
                out.printf("Missing     %d cells, %d repaired by --fill %s%n", d.fill().missingCells(),
                        d.fill().filledCells(), d.fill().method().label());
            }
            if (d.fill().insertedRows() > 0 || d.fill().mergedRows() > 0) {
                out.printf("Gaps        %d missing timestamps inserted as rows and filled (%s; first %s), %d repeated"
                        + " ones averaged%s (--gaps fill)%n", d.fill().insertedRows(), d.fill().method()
                        == org.hopcast.datasets.FillMethod.NONE ? "linear" : d.fill().method().label(),
                        d.fill().firstInserted() == null ? "-" : d.fill().firstInserted(), d.fill().mergedRows(),
                        d.fill().firstMerged() == null ? "" : " (first " + d.fill().firstMerged() + ")");
            } else if (d.frequency() != null && d.frequency().irregularSteps() > 0 && (d.calendar() == null
                    || !d.calendar().isCalendar())) {
                out.println("Gaps        kept: windows run across them (--gaps fill inserts the missing timestamps)");
            }
            out.printf("Split       %s: train %d, val %d, test %d rows", d.protocol(), d.split().train(),
                    d.split().val(), d.split().test());
            out.println(d.unusedRows() > 0 ? " (" + d.unusedRows() + " later rows unused)" : "");
            out.printf("Windows     in_len %d, out_len %d: train %d, val %d, test %d%n", d.window().inLen(),
                    d.window().outLen(), d.windows().train(), d.windows().val(), d.windows().test());
            out.println();
            out.println("Training-split statistics (the z-score scaler; population std):");
            int width = Math.max(6, d.columns().stream().mapToInt(String::length).max().orElse(6));
            out.printf("  %-" + width + "s %16s %16s%n", "column", "mean", "std");
            for (DatasetDescription.ColumnStats s : d.trainStats()) {
                out.printf("  %-" + width + "s %16.6f %16.6f%s%n", s.column(), s.mean(), s.std(),
                        s.constant() ? "  constant: scaled by 1" : "");
            }
        }
    }

    /** {@code hopcast data list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the benchmark sets Hopcast knows and where each was found.")
    static final class ListKnown implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Extra folder to look in (repeatable).")
        List<Path> dataDirs = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-9s %-22s %-11s %7s  %s%n", "name", "file", "split", "series", "found at");
            for (KnownDataset k : DatasetRegistry.known()) {
                String where;
                try {
                    SeriesSource s = DatasetRegistry.locate(k.name(), dataDirs);
                    where = s.path().map(Path::toString).orElse(s.name());
                } catch (DataException e) {
                    where = "-";
                }
                out.printf("%-9s %-22s %-11s %7d  %s%n", k.name(), k.fileName(), k.protocol().name(), k.series(),
                        where);
            }
            out.println();
            out.println("Searched: " + DatasetRegistry.dataDirectories(dataDirs).stream()
                    .map(p -> p + (Files.isDirectory(p) ? "" : " (absent)")).toList());
            return 0;
        }
    }
}
