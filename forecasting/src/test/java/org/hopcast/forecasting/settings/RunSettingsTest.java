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
}
