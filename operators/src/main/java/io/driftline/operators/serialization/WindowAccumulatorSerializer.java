package io.driftline.operators.serialization;

import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.window.WindowAccumulator;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Flink state serializer for {@link WindowAccumulator}: its own versioned binary form. */
public final class WindowAccumulatorSerializer extends BinaryStateSerializer<WindowAccumulator> {

    private static final long serialVersionUID = 1L;

    public static final WindowAccumulatorSerializer INSTANCE = new WindowAccumulatorSerializer();

    @Override
    protected byte[] toBytes(WindowAccumulator value) {
        return value.toBytes();
    }

    @Override
    protected WindowAccumulator fromBytes(byte[] bytes) {
        return WindowAccumulator.fromBytes(bytes);
    }

    @Override
    public WindowAccumulator createInstance() {
        return new WindowAccumulator(SummaryConfig.defaults());
    }

    @Override
    public TypeSerializerSnapshot<WindowAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless serializer; the data carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowAccumulator> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
