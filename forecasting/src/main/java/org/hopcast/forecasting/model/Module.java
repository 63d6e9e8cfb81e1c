package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

import org.hopcast.hopfield.probe.ProbedBlock;

/**
 * Base of STanHop-Net's blocks: every parameter has a fixed shape from construction (so children
 * initialise regardless of input shapes), and every block reports to an attached probe under the path its
 * parent gave it ({@link ProbedBlock}).
 */
abstract class Module extends ProbedBlock {
    Module() {
        super((byte) 1);
    }

    protected final Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer init) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block c : getChildren().values()) {
            c.initialize(manager, dataType, inputShapes);
        }
    }

    /** Dropout while training (a no-op otherwise or at rate 0). */
    protected static NDArray drop(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? org.hopcast.hopfield.trace.OpTrace.dropout(x, rate) : x;
    }

    /** Shape-preserving by default (norms, MLPs, STanHop blocks); blocks that change shapes override this. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
