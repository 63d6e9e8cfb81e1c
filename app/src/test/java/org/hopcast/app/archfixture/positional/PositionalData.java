package org.hopcast.app.archfixture.positional;

import org.hopcast.forecasting.run.DataSpec;

/** Builds a settings record by position: the rule in ArchitectureTest must catch it. */
public final class PositionalData {
    private PositionalData() {
    }

    public static DataSpec swapped() {
        return new DataSpec(null, null, null, "ratio", null, null, null, null, null, null, null, null, null, null, null);
    }
}
