package org.hopcast.forecasting.run.machine;

import ai.djl.Device;
import ai.djl.engine.Engine;

import org.hopcast.forecasting.run.files.RunException;

/** Chooses the device a model runs on. */
public final class Devices {
    private Devices() {
    }

    /**
     * {@code auto}: the first GPU when the engine sees one, else the CPU; {@code cpu}; {@code gpu}: the
     * first GPU, or an error that says how to get a CUDA libtorch.
     */
    public static Device choose(String setting) {
        int gpus = Engine.getInstance().getGpuCount();
        switch (setting) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpus == 0) {
                    // the user's setting, not a fault of the program: a clear refusal (exit 2 on the command line)
                    throw new RunException("device gpu was asked for, but the engine sees no GPU. Hopcast ships the"
                            + " CPU libtorch; for CUDA set PYTORCH_LIBRARY_PATH to a libtorch 2.7.1+cu128 and"
                            + " PYTORCH_FLAVOR=cu128 (see the README), or choose device cpu or auto");
                }
                return Device.gpu();
            default:
                return gpus > 0 ? Device.gpu() : Device.cpu();
        }
    }

    /** What {@code setting} would run on, in words for a status line: "GPU (n visible)" or "CPU". */
    public static String describe(String setting) {
        Device d = choose(setting);
        return d.isGpu() ? "GPU (" + Engine.getInstance().getGpuCount() + " visible)" : "CPU";
    }
}
