/**
 * STanHop-Net and its training, evaluation, checkpoints, quantization, outlier statistics and the batch
 * runner. Depends on {@code org.hopcast.hopfield} and {@code org.hopcast.datasets}; never on JavaFX.
 */
package org.hopcast.forecasting;
