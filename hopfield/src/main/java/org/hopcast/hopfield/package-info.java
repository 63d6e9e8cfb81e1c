/**
 * Hopfield layers as DJL blocks ({@link org.hopcast.hopfield.Hopfield}, {@link org.hopcast.hopfield.HopfieldPooling}).
 * Their parts live in sub-packages, lowest first: {@code ops} (tensor helpers, CPU kernels' switches, the random
 * generator and dropout), {@code separation} (softmax, softmax_1, sparsemax, entmax, learnable-alpha entmax, clipped
 * softmax, gated attention) beside {@code probe} (activation probes and recorders), then {@code trace} (the op
 * trace that replays a layer's products and separations). Knows nothing of time series.
 */
package org.hopcast.hopfield;
