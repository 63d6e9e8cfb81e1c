/**
 * Separation functions (softmax, softmax_1, sparsemax, entmax, learnable-alpha entmax, clipped softmax,
 * gated attention), Hopfield layers as DJL blocks, and activation probes. Knows nothing of time series.
 */
package org.hopcast.hopfield;
