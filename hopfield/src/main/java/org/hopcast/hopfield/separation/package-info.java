/**
 * Separation functions: softmax, softmax_1 (OutEffHop), sparsemax, entmax 1.5, learnable-alpha entmax (STanHop's
 * Generalized Sparse Hopfield) with its Java SIMD kernel, clipped softmax and the gated variants, chosen by name
 * ({@link org.hopcast.hopfield.separation.Separation}).
 */
package org.hopcast.hopfield.separation;
