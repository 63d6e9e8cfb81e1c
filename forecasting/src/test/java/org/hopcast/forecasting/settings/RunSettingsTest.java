package org.hopcast.forecasting.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
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
}
