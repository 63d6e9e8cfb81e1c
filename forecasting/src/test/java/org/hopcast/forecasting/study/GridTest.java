package org.hopcast.forecasting.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.settings.SettingException;
import org.junit.jupiter.api.Test;

class GridTest {
    private static Map<String, Object> file(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void everyCombinationIsACellWithAStableReadableId() {
        Grid g = Grid.of(file("separation", List.of("softmax", "softmax_1"), "seed", List.of(1, 2, 3), "preset", "quick",
                "evaluate", List.of("w8a8", "outliers")));
        List<Grid.Cell> cells = g.cells();
        assertEquals(6, cells.size());
        assertEquals(List.of("separation", "seed"), g.varying());
        assertEquals(Map.of("separation", "softmax", "seed", 1, "preset", "quick"), cells.get(0).settings());
        assertEquals(Map.of("separation", "softmax_1", "seed", 3, "preset", "quick"), cells.get(5).settings());
        assertTrue(cells.get(0).id().startsWith("separation-softmax_seed-1-"), cells.get(0).id());
        assertEquals(6, new HashSet<>(cells.stream().map(Grid.Cell::id).toList()).size());
        assertEquals(cells, Grid.of(file("separation", List.of("softmax", "softmax_1"), "seed", List.of(1, 2, 3),
                "preset", "quick")).cells(), "ids depend on the settings only");
        assertEquals(List.of("w8a8", "outliers"), g.evaluate());
        // another fixed setting gives other ids: a changed grid never reuses a finished cell of another run
        assertNotEquals(cells.get(0).id(), Grid.of(file("separation", List.of("softmax", "softmax_1"), "seed",
                List.of(1, 2, 3), "preset", "etth1-paper")).cells().get(0).id());
    }

    @Test
    void aListSettingTakesAListAsOneValueAndAListOfListsAsItsAxis() {
        assertEquals(1, Grid.of(file("columns", List.of("OT", "HUFL"))).cells().size());
        Grid g = Grid.of(file("columns", List.of(List.of("OT"), List.of("OT", "HUFL"))));
        assertEquals(2, g.cells().size());
        assertEquals(List.of("OT", "HUFL"), g.cells().get(1).settings().get("columns"));
    }

    @Test
    void badKeysAndValuesAreRefusedBeforeAnythingRuns() {
        assertEquals(List.of("d-model"), assertThrows(SettingException.class,
                () -> Grid.of(file("d_model", List.of(16, "wide")))).keys());
        assertThrows(SettingException.class, () -> Grid.of(file("d-modle", 16)));
        assertThrows(SettingException.class, () -> Grid.of(file("evaluate", List.of("w4a4"))));
        assertThrows(SettingException.class, () -> Grid.of(file("seed", List.of())));
        assertThrows(SettingException.class, () -> Grid.of(file("d_model", 16, "d-model", 32)));
    }
}
