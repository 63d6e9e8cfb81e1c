/**
 * Hopcast for other programs: {@link org.hopcast.forecasting.api.RunForecaster} opens a trained run (or a final model)
 * once and forecasts from tables, CSV files or CSV bytes, with the run's prediction intervals and timestamps, from
 * any number of threads: the numbers {@code hopcast forecast} writes. The HTTP service ({@code hopcast serve}) is built on
 * it.
 */
package org.hopcast.forecasting.api;
