package org.hopcast.hopfield.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * Base of every block that reports to a {@link LayerProbe}: it registers its children once, with their DJL name
 * (which names their parameters in saved checkpoints) and their {@link LayerPath} below it, passes the probe down
 * the tree, and reports outputs, association weights, quantization sites and weights under its own path. An
 * unprobed block pays one null check per report.
 */
public abstract class ProbedBlock extends AbstractBlock implements Probed {
    private final Map<Probed, LayerPath> probedChildren = new LinkedHashMap<>();
    private LayerPath path;
    private LayerProbe probe;

    protected ProbedBlock(byte version) {
        super(version);
    }

    /** Adds a child whose path below this block is its DJL name. */
    protected final <B extends Block> B child(String name, B block) {
        return child(name, LayerPath.of(name), block);
    }

    /** Adds a child named {@code name} for DJL, reporting at {@code at} below this block. */
    protected final <B extends Block> B child(String name, LayerPath at, B block) {
        addChildBlock(name, block);
        if (block instanceof Probed p) {
            probedChildren.put(p, at);
        }
        return block;
    }

    @Override
    public final void attachProbe(LayerPath newPath, LayerProbe newProbe) {
        this.path = newPath;
        this.probe = newProbe;
        probedChildren.forEach((c, at) -> c.attachProbe(newPath == null ? null : newPath.child(at), newProbe));
    }

    /** Visits this block and every probed block below it, in the order they were added, with their paths. */
    public final void visit(LayerPath at, BiConsumer<LayerPath, Probed> visitor) {
        visitor.accept(at, this);
        probedChildren.forEach((c, rel) -> {
            if (c instanceof ProbedBlock b) {
                b.visit(at.child(rel), visitor);
            } else {
                visitor.accept(at.child(rel), c);
            }
        });
    }

    /** The path of a child below this block. */
    protected final LayerPath pathOf(Probed child) {
        LayerPath at = probedChildren.get(child);
        if (at == null) {
            throw new IllegalArgumentException("not a probed child of this block");
        }
        return at;
    }

    /** Reports {@code output} at this block's path when a probe is attached ("output" at the root). */
    protected final NDArray report(NDArray output) {
        if (probe != null) {
            probe.onOutput(path.isRoot() ? "output" : path.toString(), output.stopGradient());
        }
        return output;
    }

    /** Reports a layer's association weights (B, H, L, S) and the stored patterns per head (B or 1, H, S, dh). */
    protected final void reportAssociation(NDArray weights, NDArray storedPatterns) {
        if (probe != null) {
            probe.onAssociation(path.toString(), weights.stopGradient(), storedPatterns.stopGradient());
        }
    }

    /** Passes an activation through the probe's quantization site {@code path.kind} (identity when none). */
    protected final NDArray site(String kind, NDArray x) {
        return probe == null ? x : probe.site(path.site(kind), x);
    }

    /** Passes a weight through the probe's weight site {@code path.kind} (identity when none). */
    protected final NDArray weight(String kind, NDArray w) {
        return probe == null ? w : probe.weight(path.site(kind), w);
    }
}
