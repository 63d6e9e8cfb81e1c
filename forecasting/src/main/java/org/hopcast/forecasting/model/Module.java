package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

import org.hopcast.hopfield.LayerProbe;
import org.hopcast.hopfield.Probed;

/**
 * Base of STanHop-Net's blocks: every parameter has a fixed shape from construction (so children
 * initialise regardless of input shapes), and every block reports its output to an attached probe under
 * its stable path.
 */
abstract class Module extends AbstractBlock implements Probed {
    private String path;
    private LayerProbe probe;

    Module() {
        super((byte) 1);
    }

    protected final Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build());
    }

    protected final <B extends Block> B child(String name, B block) {
        return addChildBlock(name, block);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block c : getChildren().values()) {
            c.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public void attachProbe(String newPath, LayerProbe newProbe) {
        this.path = newPath;
        this.probe = newProbe;
        attachChildren(newPath, newProbe);
    }

    /** Passes the probe to children with their extended paths. */
    protected abstract void attachChildren(String basePath, LayerProbe newProbe);

    /** Reports {@code output} at this block's path when a probe is attached; returns it unchanged. */
    protected final NDArray report(NDArray output) {
        if (probe != null) {
            probe.onOutput(path.isEmpty() ? "output" : path, output.stopGradient());
        }
        return output;
    }

    /** Passes an activation through the probe's quantization site {@code path.kind} (identity when none). */
    protected final NDArray site(String kind, NDArray x) {
        return probe == null ? x : probe.site(path.isEmpty() ? kind : path + "." + kind, x);
    }

    /** Passes a weight through the probe's weight site {@code path.kind} (identity when none). */
    protected final NDArray weight(String kind, NDArray w) {
        return probe == null ? w : probe.weight(path.isEmpty() ? kind : path + "." + kind, w);
    }

    /** Dropout while training (a no-op otherwise or at rate 0). */
    protected static NDArray drop(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? org.hopcast.hopfield.OpTrace.dropout(x, rate) : x;
    }

    protected static String join(String base, String name) {
        return base == null ? null : base.isEmpty() ? name : base + "." + name;
    }

    /** Shape-preserving by default (norms, MLPs, STanHop blocks); blocks that change shapes override this. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
