package org.hopcast.forecasting;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.settings.RunSettings;

/**
 * A tiny model on the first 1,000 rows of the built-in ETTh1 (600/200/200 rows), for fast training tests; the network
 * alone (no linear path) and with its cross-series stage (which quick leaves out on data this short) unless the
 * overrides ask otherwise, so that these tests train the Hopfield layers as the paper builds them.
 */
public final class TinyRuns {
    private TinyRuns() {
    }

    public static RunSpec spec(Map<String, Object> overrides) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("split", "rows:600,200,200");
        v.put("in-len", 24);
        v.put("out-len", 12);
        v.put("seg-len", 6);
        v.put("win-size", 2);
        v.put("d-model", 16);
        v.put("d-ff", 32);
        v.put("heads", 2);
        v.put("e-layers", 2);
        v.put("factor", 3);
        v.put("batch-size", 32);
        v.put("lr", 3e-3);
        v.put("epochs", 3);
        v.put("patience", 3);
        v.put("seed", 7);
        v.put("device", "cpu");
        v.put("linear-path", "none");
        v.put("channel-independent", false);
        v.putAll(overrides);
        return RunSettings.resolve(v);
    }

    /** Keys as Hopcast wrote them before the snake_case rule: a record component's Java name ("best_epoch" -> bestEpoch). */
    public static com.google.gson.JsonElement camelCase(com.google.gson.JsonElement e) {
        if (e.isJsonArray()) {
            com.google.gson.JsonArray a = new com.google.gson.JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(camelCase(x)));
            return a;
        }
        if (!e.isJsonObject()) {
            return e;
        }
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        for (var kv : e.getAsJsonObject().entrySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("_([a-z0-9])").matcher(kv.getKey());
            o.add(m.replaceAll(r -> r.group(1).toUpperCase(java.util.Locale.ROOT)), camelCase(kv.getValue()));
        }
        return o;
    }
}
