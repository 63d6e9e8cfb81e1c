/**
 * Hopcast for other programs: {@link org.hopcast.forecasting.api.RunForecaster} opens a trained run (or a final model)
 * once and forecasts from tables, CSV files or CSV bytes, with the run's prediction intervals and timestamps, from
 * any number of threads. The command line's {@code forecast} and the HTTP service ({@code hopcast serve}) use it.
 */
package org.hopcast.forecasting.api;
