package org.hopcast.forecasting.quant;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.hopcast.hopfield.probe.LayerProbe;

/**
 * Post-training fake quantization ({@link QuantScheme}, W8A8 by default) attached to a model as a probe: every
 * Linear weight and LayerNorm gain goes through {@link FakeQuant#weight} (biases, positions, memory patterns,
 * alpha and gates stay in float), and every activation site (Linear and LayerNorm outputs, scores, separation
 * outputs, contexts, residual sums, the embedding sum) is calibrated, then quantized.
 *
 * <p>Calibration ({@link Mode#ESTIMATE}): each site keeps a running (min, max), set by the first batch and
 * then moved with momentum 0.9 ({@code min = 0.9 min + 0.1 batch_min}). {@link #freeze()} fixes the grids;
 * in {@link Mode#FIXED} every site is fake-quantized with its frozen grid. The model's stored parameters are
 * never changed: quantized weights are copies held here.
 */
public final class FakeQuantizer implements LayerProbe, AutoCloseable {
    /** What the quantizer does at a site. */
    public enum Mode { ESTIMATE, FIXED }

    public static final double MOMENTUM = 0.9;

    private final NDManager manager;
    private final QuantScheme scheme;
    private final Map<String, double[]> ranges = new LinkedHashMap<>();
    private final Map<String, FakeQuant.ActivationGrid> grids = new LinkedHashMap<>();
    private final Map<String, NDArray> weights = new LinkedHashMap<>();
    private Mode mode = Mode.ESTIMATE;
    private int unseenSites;

    public FakeQuantizer(NDManager parent, QuantScheme scheme) {
        this.manager = parent.newSubManager();
        this.scheme = scheme;
    }

    public QuantScheme scheme() {
        return scheme;
    }

    public Mode mode() {
        return mode;
    }

    /** Fixes every site's grid from its calibrated range; later forward passes are quantized. */
    public void freeze() {
        if (ranges.isEmpty()) {
            throw new IllegalStateException("no activation was calibrated; run calibration batches first");
        }
        grids.clear();
        ranges.forEach((site, r) -> grids.put(site, FakeQuant.ActivationGrid.of(r[0], r[1], scheme.activationBits())));
        mode = Mode.FIXED;
    }

    /** The calibrated (min, max) of every site, in first-seen order. */
    public Map<String, double[]> ranges() {
        Map<String, double[]> out = new LinkedHashMap<>();
        ranges.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** Sites met in FIXED mode that calibration never saw (left in float). */
    public int unseenSites() {
        return unseenSites;
    }

    @Override
    public NDArray site(String site, NDArray x) {
        if (mode == Mode.ESTIMATE) {
            NDArray d = x.stopGradient();
            double lo = d.min().toType(DataType.FLOAT64, false).getDouble();
            double hi = d.max().toType(DataType.FLOAT64, false).getDouble();
            double[] r = ranges.get(site);
            if (r == null) {
                ranges.put(site, new double[] {lo, hi});
            } else {
                r[0] = MOMENTUM * r[0] + (1 - MOMENTUM) * lo;
                r[1] = MOMENTUM * r[1] + (1 - MOMENTUM) * hi;
            }
            return x;
        }
        FakeQuant.ActivationGrid g = grids.get(site);
        if (g == null) {
            unseenSites++;
            return x;
        }
        return g.apply(x);
    }

    @Override
    public NDArray weight(String site, NDArray w) {
        NDArray q = weights.get(site);
        if (q == null || !q.getShape().equals(w.getShape())) {
            q = FakeQuant.weight(w, scheme);
            q.attach(manager); // made from a parameter: keep it here, not in the model's manager
            weights.put(site, q);
        }
        return q;
    }

    /** The number of weight tensors quantized. */
    public int quantizedWeights() {
        return weights.size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
