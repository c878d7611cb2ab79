package io.driftline.trainer.core;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Where training runs: {@link #AUTO} picks the GPU when DJL sees one, else the CPU. */
public enum TrainingDevice {
    AUTO,
    CPU,
    GPU;

    /**
     * The DJL device for this choice.
     *
     * @throws IllegalStateException for {@link #GPU} when the engine sees no GPU
     */
    public Device resolve() {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException(
                            "device GPU requested but PyTorch sees no GPU; install the CUDA natives"
                                    + " (build with -Dcuda) or use device AUTO or CPU");
                }
                yield Device.gpu();
            }
        };
    }
}
