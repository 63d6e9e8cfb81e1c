/**
 * STanHop-Net and everything done with it, in layers that each use only the layers below them
 * (docs/decisions/0010-forecasting-layers.md; {@code ArchitectureTest} enforces it):
 * {@code model} (the network), {@code run} (a run directory: its spec, history, checkpoints, lock, the opened
 * best model), {@code train} (the training session), {@code eval} (forecasts, metrics, baselines), {@code charts},
 * the analyses of a trained model ({@code inspect}, {@code quant}, {@code outliers}), {@code settings} (the
 * settings schema and presets), {@code service} (the application service the CLI and GUI call), and on top
 * {@code study} and {@code bench}. Depends on {@code org.hopcast.hopfield} and {@code org.hopcast.datasets};
 * never on JavaFX. This root package holds no classes.
 */
package org.hopcast.forecasting;
