package org.hopcast.forecasting.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.run.DataSpec;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainingConfig;
import org.hopcast.hopfield.separation.Separation;
import org.junit.jupiter.api.Test;

/** The schema is complete, each entry sets what it says, and every problem names its keys. */
class SettingsTest {
    @Test
    void everyComponentOfTheModelAndTrainingConfigurationHasExactlyOneSetting() {
        for (Class<?> record : List.of(StanHopConfig.class, TrainingConfig.class)) {
            for (RecordComponent c : record.getRecordComponents()) {
                long n = Settings.ALL.stream().filter(s -> c.getName().equals(s.component())).count();
                assertEquals(1, n, record.getSimpleName() + "." + c.getName());
            }
        }
        Set<String> keys = new HashSet<>();
        Settings.ALL.forEach(s -> assertTrue(keys.add(s.key()), "key " + s.key() + " twice"));
        assertEquals(DataSpec.class.getRecordComponents().length, Settings.of(Setting.Group.DATA).size());
    }

    @Test
    void oneEntrySetsDModelFromAnyWayOfWritingIt() {
        // the walk of one setting: the key a CLI option, a config file and the GUI use reaches the model
        for (Object raw : List.of("64", 64, 64.0, " 64 ")) {
            RunSpec spec = RunSettings.resolve(Map.of("d_model", raw));
            assertEquals(64, spec.model().modelDim());
            assertEquals(64, Settings.D_MODEL.valueIn(spec));
        }
        assertEquals(Settings.D_MODEL, Settings.get("D-Model"));
    }

    @Test
    void problemsNameTheirKeys() {
        SettingException bad = assertThrows(SettingException.class, () -> RunSettings.resolve(Map.of("in-len", "abc")));
        assertEquals(List.of("in-len"), bad.keys());
        assertTrue(bad.getMessage().contains("in-len must be a number"), bad.getMessage());
        // a rule between two settings, checked by the model itself, names both
        SettingException heads = assertThrows(SettingException.class,
                () -> RunSettings.resolve(Map.of("d-model", 30, "heads", 4)));
        assertEquals(List.of("d-model", "heads"), heads.keys());
        assertEquals(List.of("batch-size"), assertThrows(SettingException.class,
                () -> RunSettings.resolve(Map.of("batch-size", 0))).keys());
        assertEquals(List.of("separation"), assertThrows(SettingException.class,
                () -> RunSettings.resolve(Map.of("separation", "softmax_2"))).keys());
        assertEquals(List.of("epochs"), assertThrows(SettingException.class,
                () -> RunSettings.resolve(Map.of("epochs", 2.5))).keys());
        assertEquals(List.of(), assertThrows(SettingException.class,
                () -> RunSettings.resolve(Map.of("d-modle", 8))).keys());
        assertEquals(List.of("preset"), assertThrows(SettingException.class,
                () -> RunSettings.resolve(Map.of("preset", "nope"))).keys());
        assertEquals(List.of("input", "dataset"), assertThrows(SettingException.class,
                () -> RunSettings.resolve(Map.of("input", "a.csv", "dataset", "ETTh1"))).keys());
    }

    @Test
    void aResolvedRunsSettingsResolveToTheSameRun() {
        RunSpec spec = RunSettings.resolve(Map.of("preset", "etth1-paper", "dataset", "ETTh1", "columns", "OT,HUFL",
                "separation", "softmax_1", "seed", 7, "fill", "linear"));
        assertEquals(spec, RunSettings.resolve(RunSettings.settingsOf(spec)));
    }

    @Test
    void theSeparationIsParsedOnceIntoItsType() {
        RunSpec spec = RunSettings.resolve(Map.of("separation", "Gated-Softmax_1"));
        assertEquals(Separation.parse("gated-softmax_1"), spec.model().separation());
        assertEquals("gated-softmax_1", Settings.SEPARATION.valueIn(spec));
        assertEquals(Separation.names(), Settings.SEPARATION.choices());
    }

    @Test
    void listsAndChoicesReadFromTextAndFromConfigLists() {
        DataSpec d = RunSettings.dataSpec(Map.of("columns", "OT, HUFL", "data-dir", List.of("a", "b"), "fill",
                "Linear"));
        assertEquals(List.of("OT", "HUFL"), d.columns());
        // folders and files are kept absolute: a run is evaluated from other folders than the one it was trained in
        assertEquals(List.of(java.nio.file.Path.of("a").toAbsolutePath().toString(),
                java.nio.file.Path.of("b").toAbsolutePath().toString()), d.dataDirs());
        assertEquals(java.nio.file.Path.of("x.csv").toAbsolutePath().toString(), RunSettings.dataSpec(Map.of("input",
                "x.csv")).input());
        assertEquals("linear", d.fill());
        assertEquals(List.of("fill"), assertThrows(SettingException.class,
                () -> RunSettings.dataSpec(Map.of("fill", "backward"))).keys());
        assertEquals(Arrays.asList(true, false), List.of(Settings.MIX.parse("yes"), Settings.MIX.parse(false)));
    }
}
