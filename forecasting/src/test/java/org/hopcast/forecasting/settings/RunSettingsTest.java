package org.hopcast.forecasting.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.run.RunSpec;
import org.junit.jupiter.api.Test;

class RunSettingsTest {
    @Test
    void valuesAreTheInverseOfResolveForEveryPreset() {
        for (Presets.Preset p : Presets.all()) {
            Map<String, Object> v = new LinkedHashMap<>(RunSettings.values(p.model(), p.training()));
            // resolve them on top of another preset, so that every value has to come from the map
            v.put("preset", p.name().equals("quick") ? "etth1-paper" : "quick");
            RunSpec spec = RunSettings.resolve(v);
            assertEquals(p.model(), spec.model(), p.name());
            assertEquals(p.training(), spec.training(), p.name());
        }
    }

    /** The intervals' coverages are a setting: fractions or percents, the defaults when not given, checked by key. */
    @Test
    void coverageIsASettingCheckedByKey() {
        assertEquals(List.of(0.8, 0.95), RunSettings.resolve(Map.of()).training().coverages());
        assertEquals(List.of(0.9, 0.5), RunSettings.resolve(Map.of("coverage", "90%, 0.5")).training().coverages());
        assertEquals(List.of(0.99), RunSettings.resolve(Map.of("coverage", List.of(99))).training().coverages());
        for (Object bad : List.of("0", "150", "abc", List.of(0.8, 0.8))) {
            SettingException e = assertThrows(SettingException.class, () -> RunSettings.resolve(Map.of("coverage", bad)));
            assertEquals(List.of("coverage"), e.keys(), e.getMessage());
        }
        // the inverse: a run's coverages read back as the setting
        RunSpec spec = RunSettings.resolve(Map.of("coverage", "0.9"));
        assertEquals(spec.training(), RunSettings.resolve(RunSettings.settingsOf(spec)).training());
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    /** A file of {@code rows} rows from {@code first}, each the next by {@code step}. */
    private java.nio.file.Path file(String name, int rows, java.time.LocalDateTime first,
            java.util.function.UnaryOperator<java.time.LocalDateTime> step) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("date,y\n");
        java.time.LocalDateTime t = first;
        for (int i = 0; i < rows; i++) {
            csv.append(t.toString().replace('T', ' ')).append(',').append(Math.sin(i / 3.0)).append('\n');
            t = step.apply(t);
        }
        return java.nio.file.Files.writeString(tmp.resolve(name), csv);
    }

    @Test
    void aUsersFileWithoutLengthsGetsOnesThatFitItsCalendarAndSize() throws java.io.IOException {
        var quarters = file("quarters.csv", 200, java.time.LocalDateTime.of(1975, 3, 31, 0, 0),
                t -> t.plusMonths(3).withDayOfMonth(t.plusMonths(3).toLocalDate().lengthOfMonth()));
        RunSpec q = RunSettings.resolve(Map.of("input", quarters.toString()));
        assertEquals(List.of(24, 8), List.of(q.model().inLen(), q.model().outLen()), "two years of quarters from six");
        // the file is then read, split and windowed without complaint
        assertEquals(140 - 24 - 8 + 1, q.prepareData().layout().windows(org.hopcast.datasets.Split.TRAIN),
                "140 training rows (ratio 70/10/20) hold 109 windows");
        // a length the user gives is kept, the other still fitted
        RunSpec given = RunSettings.resolve(Map.of("input", quarters.toString(), "in-len", 16));
        assertEquals(List.of(16, 8), List.of(given.model().inLen(), given.model().outLen()));
        var months = file("months.csv", 600, java.time.LocalDateTime.of(1950, 1, 1, 0, 0), t -> t.plusMonths(1));
        RunSpec m = RunSettings.resolve(Map.of("input", months.toString()));
        assertEquals(List.of(36, 12), List.of(m.model().inLen(), m.model().outLen()));
        // a short hourly file: the default lengths shortened until 16 training windows fit, the horizon to validation
        var hours = file("hours.csv", 200, java.time.LocalDateTime.of(2024, 1, 1, 0, 0), t -> t.plusHours(1));
        RunSpec h = RunSettings.resolve(Map.of("input", hours.toString()));
        assertEquals(List.of(140 - 20 - 15, 20), List.of(h.model().inLen(), h.model().outLen()));
        // a long hourly file keeps the preset's lengths, and so does a paper preset or lengths given
        var long1 = file("long.csv", 3000, java.time.LocalDateTime.of(2024, 1, 1, 0, 0), t -> t.plusHours(1));
        RunSpec l = RunSettings.resolve(Map.of("input", long1.toString()));
        assertEquals(List.of(168, 24), List.of(l.model().inLen(), l.model().outLen()));
        RunSpec both = RunSettings.resolve(Map.of("input", quarters.toString(), "in-len", 168, "out-len", 24));
        assertEquals(List.of(168, 24), List.of(both.model().inLen(), both.model().outLen()));
        assertEquals(List.of(168, 24), List.of(RunSettings.resolve(Map.of()).model().inLen(),
                RunSettings.resolve(Map.of()).model().outLen()), "the built-in data as before");
    }

    /**
     * The default preset leaves out the cross-series stage where the training period is short (ADR 0019): by the
     * training windows of the file (summed over its series), never with covariates, never against a value given, and
     * no other preset decides by the data.
     */
    @Test
    void quickIsChannelIndependentOnlyWhereTheTrainingPeriodIsShort() throws java.io.IOException {
        long limit = Presets.QUICK_CROSS_SERIES_MIN_WINDOWS;
        // ratio split: 70% of the rows train; 168 -> 24 windows: train rows - 191
        int shortRows = 1400; // 979 training rows (0.7 x 1400 in floating point), 788 windows
        int longRows = (int) Math.ceil((limit + 191) / 0.7) + 10;
        var shortFile = file("short.csv", shortRows, java.time.LocalDateTime.of(2024, 1, 1, 0, 0), t -> t.plusHours(1));
        var longFile = file("long.csv", longRows, java.time.LocalDateTime.of(2024, 1, 1, 0, 0), t -> t.plusHours(1));
        RunSpec s = RunSettings.resolve(Map.of("input", shortFile.toString()));
        assertEquals(true, s.model().channelIndependent());
        assertEquals(788, s.prepareData().layout().windows(org.hopcast.datasets.Split.TRAIN));
        RunSpec l = RunSettings.resolve(Map.of("input", longFile.toString()));
        assertEquals(false, l.model().channelIndependent());
        assertEquals(true, l.prepareData().layout().windows(org.hopcast.datasets.Split.TRAIN) >= limit);
        // the rule itself, at its edge
        assertEquals(true, Presets.quickChannelIndependent(limit - 1, false));
        assertEquals(false, Presets.quickChannelIndependent(limit, false));
        assertEquals(false, Presets.quickChannelIndependent(limit - 1, true));
        assertEquals(false, Presets.quickChannelIndependent(0, false), "no windows: nothing to decide by");
        // given, or another preset: as given, as the preset says
        assertEquals(false, RunSettings.resolve(Map.of("input", shortFile.toString(), "channel-independent", false))
                .model().channelIndependent());
        assertEquals(true, RunSettings.resolve(Map.of("input", longFile.toString(), "channel-independent", true))
                .model().channelIndependent());
        assertEquals(false, RunSettings.resolve(Map.of("input", shortFile.toString(), "preset", "etth1-paper"))
                .model().channelIndependent());
        // covariates reach the targets through the cross-series stage: a short file with one keeps it
        var withCovariate = java.nio.file.Files.writeString(tmp.resolve("cov.csv"), java.nio.file.Files
                .readAllLines(shortFile).stream().map(line -> line + (line.startsWith("date") ? ",x" : ",1"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        assertEquals(false, RunSettings.resolve(Map.of("input", withCovariate.toString(), "past-covariates", "x"))
                .model().channelIndependent());
        assertEquals(false, RunSettings.resolve(Map.of("input", shortFile.toString(), "calendar-features", "on"))
                .model().channelIndependent());
        assertEquals(false, RunSettings.resolve(Map.of("input", shortFile.toString(), "gaps", "mark"))
                .model().channelIndependent(), "the gap marker is a past covariate");
        // a file that cannot be read is the run's to report: the preset's value meanwhile
        assertEquals(false, RunSettings.resolve(Map.of("input", tmp.resolve("missing.csv").toString()))
                .model().channelIndependent());
    }
}
