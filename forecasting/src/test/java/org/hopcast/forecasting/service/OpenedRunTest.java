package org.hopcast.forecasting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Timestamps;
import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run is opened once per command and handed on (issue #30): evaluate and forecast read config.json once, and a
 * forecast that must calibrate first loads the model once.
 */
class OpenedRunTest {
    @TempDir
    Path tmp;

    @Test
    void evaluateAndForecastReadTheSettingsOnceAndLoadTheModelOnce() throws IOException {
        Path dir = tmp.resolve("run");
        RunService.train(TinyRuns.spec(Map.of("max-steps", 3)), dir, new TrainingListener() {
        }, () -> false);
        Path input = head(dir, 120);

        long reads = RunDirectory.configReads();
        long loads = TrainedModel.loads();
        RunService.evaluate(dir, null, "cpu", null);
        assertEquals(1, RunDirectory.configReads() - reads, "evaluate reads config.json once");
        assertEquals(1, TrainedModel.loads() - loads, "evaluate loads the model once");

        reads = RunDirectory.configReads();
        loads = TrainedModel.loads();
        // other coverages than the saved ones: the run is calibrated first, with the model the forecast uses
        var f = RunService.forecast(dir, input, tmp.resolve("next.csv"), "cpu", List.of(0.5));
        assertEquals(1, RunDirectory.configReads() - reads, "forecast reads config.json once");
        assertEquals(1, TrainedModel.loads() - loads, "forecast loads the model once, calibrating included");
        assertTrue(Files.isRegularFile(tmp.resolve("next.csv")));
        assertEquals(12, f.timestamps().size());

        reads = RunDirectory.configReads();
        loads = TrainedModel.loads();
        RunService.forecastOwnData(dir, "cpu");
        assertEquals(1, RunDirectory.configReads() - reads, "a forecast of the run's own data reads config.json once");
        assertEquals(1, TrainedModel.loads() - loads);
    }

    /**
     * A front end that has loaded the file (the GUI shows it first) trains on the table it holds: the file is not read
     * again; a table read another way (other columns) is not used.
     */
    @Test
    void aTrainingOnALoadedTableDoesNotReadTheFileAgain() {
        var spec = TinyRuns.spec(Map.of("max-steps", 2));
        var shown = org.hopcast.datasets.PreparedSeries.prepare(spec.dataRequest()); // what the GUI loaded
        var loaded = new org.hopcast.datasets.LoadedTable(spec.dataRequest(), shown.table());
        long reads = org.hopcast.datasets.SeriesCsvReader.reads();
        RunService.train(spec, tmp.resolve("loaded"), new TrainingListener() {
                }, () -> false, loaded);
        assertEquals(0, org.hopcast.datasets.SeriesCsvReader.reads() - reads, "the loaded table is trained on");

        var otherColumns = TinyRuns.spec(Map.of("max-steps", 2, "columns", List.of("OT", "HUFL")));
        reads = org.hopcast.datasets.SeriesCsvReader.reads();
        var r = RunService.train(otherColumns, tmp.resolve("other"), new TrainingListener() {
                }, () -> false, loaded);
        assertEquals(1, org.hopcast.datasets.SeriesCsvReader.reads() - reads, "read as the run asks");
        assertEquals(2, RunDirectory.open(tmp.resolve("other")).spec().prepareData().table().columnCount());
        assertTrue(r.test().mse() > 0);
    }

    /** The first {@code rows} rows of the run's data as a CSV file of its own. */
    private static Path head(Path dir, int rows) throws IOException {
        SeriesTable t = RunDirectory.open(dir).spec().prepareData().table();
        StringBuilder b = new StringBuilder("date,").append(String.join(",", t.columns())).append('\n');
        for (int r = 0; r < rows; r++) {
            b.append(Timestamps.format(t.timestamp(r)));
            for (int c = 0; c < t.columnCount(); c++) {
                b.append(',').append(t.value(r, c));
            }
            b.append('\n');
        }
        Path csv = dir.resolveSibling("head.csv");
        Files.writeString(csv, b.toString());
        return csv;
    }
}
