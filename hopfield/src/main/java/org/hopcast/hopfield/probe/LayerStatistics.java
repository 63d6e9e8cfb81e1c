package org.hopcast.hopfield.probe;

/**
 * One block's activation statistics over everything recorded at its path.
 *
 * @param path the block's stable path
 * @param rows rows pooled (leading-dimension slices)
 * @param meanInfNorm mean over rows of max |x|
 * @param meanKurtosis mean over rows of the Pearson kurtosis (about 3 for Gaussian rows)
 * @param low the histogram's lower edge
 * @param high the histogram's upper edge
 * @param histogram counts: [0] below low, [1..n] the n equal bins, [n+1] at or above high
 */
public record LayerStatistics(String path, long rows, double meanInfNorm, double meanKurtosis, double low, double high,
        long[] histogram) {
}
