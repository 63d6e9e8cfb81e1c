package org.hopcast.forecasting.run.machine;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import ai.djl.engine.Engine;

/** Versions of Hopcast and its engine, for provenance and the status line. */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // versions stay unknown
        }
        return p;
    }

    public static String hopcastVersion() {
        return PROPS.getProperty("hopcast.version", "unknown");
    }

    public static String djlVersion() {
        return PROPS.getProperty("djl.version", "unknown");
    }

    /**
     * The source commit the build was made from (12 hex digits), with "-dirty" when the tree had uncommitted changes;
     * "unknown" for a build outside a git clone (the property is then left unfilled).
     */
    public static String commit() {
        String c = PROPS.getProperty("hopcast.commit", "");
        if (!c.matches("[0-9a-f]{7,40}")) {
            return "unknown";
        }
        return "true".equals(PROPS.getProperty("hopcast.dirty")) ? c + "-dirty" : c;
    }

    /** One line for {@code --version} and the GUI: "0.1.0-SNAPSHOT (commit 1a2b3c4d5e6f)". */
    public static String describe() {
        return hopcastVersion() + " (commit " + commit() + ")";
    }

    /**
     * Hopcast, DJL, engine and Java versions, threads, and the kernels that decide a run's last bits (where
     * alpha-entmax ran, ADR 0018; where dropout's masks came from, ADR 0016).
     */
    public static Map<String, String> versions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hopcast", hopcastVersion());
        m.put("commit", commit());
        m.put("djl", djlVersion());
        Engine e = Engine.getInstance();
        m.put("engine", e.getEngineName() + " " + e.getVersion());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("threads", Machine.threads());
        m.put("alpha_entmax", Machine.alphaEntmax());
        m.put("dropout_masks", org.hopcast.hopfield.ops.InvertedDropout.masks().label());
        return m;
    }
}
