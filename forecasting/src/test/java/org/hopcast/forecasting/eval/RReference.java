package org.hopcast.forecasting.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The reference values R's forecast package computed (r-reference.txt, made by r-reference.R beside it, whose header
 * says how): one {@code name=v1,v2,...} per line.
 */
final class RReference {
    private final Map<String, double[]> values = new HashMap<>();

    private RReference() {
    }

    static RReference load() {
        RReference r = new RReference();
        try (InputStream in = RReference.class.getResourceAsStream("r-reference.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0 || line.startsWith("forecast_version")) {
                    continue;
                }
                r.values.put(line.substring(0, eq), Arrays.stream(line.substring(eq + 1).trim().split(","))
                        .mapToDouble(Double::parseDouble).toArray());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    double[] array(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no reference value " + name);
        }
        return v.clone();
    }

    double value(String name) {
        return array(name)[0];
    }
}
