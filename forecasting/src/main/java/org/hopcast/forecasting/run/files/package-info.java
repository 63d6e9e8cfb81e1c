/**
 * How a run's files are written and read: JSON checked against records ({@code Json}, {@code JsonSchema},
 * {@code Since}), CSV in one dialect, atomic writes with fault injection for the kill tests, and the error that names a
 * damaged file and its key.
 */
package org.hopcast.forecasting.run.files;
