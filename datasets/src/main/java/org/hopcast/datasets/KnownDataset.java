package org.hopcast.datasets;

/**
 * A benchmark set of the STanHop/Crossformer literature: its name, the file it is distributed as, and the
 * split protocol the papers use for it.
 */
public record KnownDataset(String name, String fileName, SplitProtocol protocol, int series, String description) {
}
