package org.hopcast.hopfield.probe;

/** A block that reports to a {@link LayerProbe} under a path; parents pass paths down to their children. */
public interface Probed {
    /** Attaches {@code probe} (null detaches) with this block's path; blocks with children extend the path. */
    void attachProbe(LayerPath path, LayerProbe probe);
}
