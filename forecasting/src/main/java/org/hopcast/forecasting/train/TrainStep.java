package org.hopcast.forecasting.train;

import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.hopfield.ops.Scalars;

/**
 * One optimizer step as the reference takes it: forward in training mode, MSE, backward, global
 * gradient-norm clipping (torch's clip_grad_norm_), Adam, gradients zeroed. Shared by training and
 * {@code bench train} so the benchmark times exactly what training does.
 */
public final class TrainStep {
    private final StanHopNet net;
    private final ParameterStore ps;
    private final List<NDArray> parameters = new ArrayList<>();
    private final TorchAdam adam;
    private double lastUpdateSeconds;

    public TrainStep(StanHopNet net, ParameterStore ps, NDManager manager) {
        this.net = net;
        this.ps = ps;
        for (Pair<String, Parameter> p : net.getParameters()) {
            parameters.add(p.getValue().getArray());
        }
        this.adam = new TorchAdam(manager, parameters);
    }

    public TorchAdam optimizer() {
        return adam;
    }

    /** Seconds the last {@link #run} spent after the backward pass: clipping, Adam and zeroing the gradients. */
    public double lastUpdateSeconds() {
        return lastUpdateSeconds;
    }

    /**
     * Trains on x (B, T, D) against y (B, tau, D); all temporaries go to {@code step}, which the caller
     * closes. Returns the loss; when it is not finite, no update is made.
     */
    public double run(NDArray x, NDArray y, double lr, double clipNorm, NDManager step) {
        return run(new NDList(x, y), lr, clipNorm, step);
    }

    /**
     * Trains on a batch as windows give it ({@code WindowDataset#batch}: x, y and, with covariates, theirs); the loss
     * is over the targets y only.
     */
    public double run(NDList batch, double lr, double clipNorm, NDManager step) {
        double loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray pred = net.predict(ps, batch, true);
            NDArray diff = pred.sub(batch.get(1));
            NDArray mse = diff.mul(diff).mean();
            gc.backward(mse);
            loss = mse.toType(DataType.FLOAT64, false).getDouble();
        }
        long updateStart = System.nanoTime();
        List<NDArray> grads = new ArrayList<>(parameters.size());
        for (NDArray p : parameters) {
            NDArray g = p.getGradient();
            g.attach(step); // the wrapper is freed with the step; the gradient storage stays with p
            grads.add(g);
        }
        if (Double.isFinite(loss)) {
            if (clipNorm > 0) {
                NDArray total = null;
                for (NDArray g : grads) {
                    NDArray sq = g.mul(g).sum();
                    total = total == null ? sq : total.add(sq);
                }
                double norm = Math.sqrt(total.toType(DataType.FLOAT64, false).getDouble());
                double coefficient = clipNorm / (norm + 1e-6);
                if (coefficient < 1) {
                    for (NDArray g : grads) {
                        Scalars.muli(g, coefficient);
                    }
                }
            }
            adam.update(parameters, grads, lr, step);
        }
        for (NDArray g : grads) {
            Scalars.muli(g, 0); // zero for the next step (a non-finite loss ends the training anyway)
        }
        lastUpdateSeconds = (System.nanoTime() - updateStart) / 1e9;
        return loss;
    }
}
