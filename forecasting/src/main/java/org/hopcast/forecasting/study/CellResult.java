package org.hopcast.forecasting.study;

import java.io.Serializable;
import java.util.Map;

import org.hopcast.forecasting.run.files.Since;

/**
 * What one grid cell gave: its validation MSE (of the best epoch: what a grid ranks by), the best model's test
 * metrics (shown beside, never used to choose), and the extra evaluations asked for (NaN when not). A failed
 * cell (a bad setting, a divergence before any model) has {@code error} and NaN metrics: a row of the table,
 * not a failure of the grid.
 *
 * @param id the cell's id (its folder under {@code cells/})
 * @param settings the cell's settings by key
 * @param runDir its run directory
 * @param valMse validation MSE of the best epoch (z-scored)
 * @param testMse the best model's test MSE (z-scored)
 * @param testMae its test MAE
 * @param persistenceMse the persistence baseline's test MSE on the same windows
 * @param epochs epochs run
 * @param bestEpoch the epoch of the best model
 * @param parameters trainable parameters
 * @param seconds wall time of the cell's last (or only) run
 * @param resumed whether the cell continued from a checkpoint (an interrupted earlier run)
 * @param w8a8Mse test MSE after W8A8 quantization, or NaN
 * @param w8a8Mae test MAE after W8A8 quantization, or NaN
 * @param avgKurtosis average kurtosis over the decoder set, or NaN
 * @param maxInfNorm max infinity norm over the decoder set, or NaN
 * @param maxInfNormPath the module that holds it, or null
 * @param avgKurtosisAll average kurtosis over every module, or NaN
 * @param maxInfNormAll max infinity norm over every module, or NaN
 * @param error why the cell has no model, or null
 * @param quantizedMse test MSE after each fake-quantization scheme of a sweep, by scheme name (null when not asked)
 * @param linearPartMse the test MSE of the model's linear path alone (what it would forecast without its Hopfield
 *        layers), NaN without a linear path (0 in cells from before it was recorded: none)
 * @param windowMse the best model's MSE on each test window, in order: the losses significance tests pair (null in
 *        cells from before it was recorded)
 */
public record CellResult(String id, Map<String, Object> settings, String runDir, double valMse, double testMse,
        double testMae, double persistenceMse, int epochs, int bestEpoch, long parameters, double seconds,
        boolean resumed, double w8a8Mse, double w8a8Mae, double avgKurtosis, double maxInfNorm, String maxInfNormPath,
        double avgKurtosisAll, double maxInfNormAll, String error, Map<String, Double> quantizedMse,
        @Since("linear path") double linearPartMse, @Since("significance") double[] windowMse,
        @Since("memory plug-ins") Map<String, Double> memory)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The same result with {@code memory} as its memory evaluations. */
    CellResult withMemory(Map<String, Double> memory) {
        return new CellResult(id, settings, runDir, valMse, testMse, testMae, persistenceMse, epochs, bestEpoch,
                parameters, seconds, resumed, w8a8Mse, w8a8Mae, avgKurtosis, maxInfNorm, maxInfNormPath, avgKurtosisAll,
                maxInfNormAll, error, quantizedMse, linearPartMse, windowMse, memory);
    }

    /** A cell without a model, and why. */
    static CellResult failed(Grid.Cell cell, String runDir, String error) {
        return new CellResult(cell.id(), cell.settings(), runDir, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0,
                0, 0, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN, error,
                null, Double.NaN, null, null);
    }

    public boolean ok() {
        return error == null;
    }

    /** Whether the cell's model has a linear path whose test MSE alone was measured. */
    public boolean hasLinearPart() {
        return linearPartMse > 0; // NaN (none) and 0 (a cell from before it was recorded) are not
    }
}
