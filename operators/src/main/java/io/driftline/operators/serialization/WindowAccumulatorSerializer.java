package io.driftline.operators.serialization;

import io.driftline.operators.summary.SummaryConfig;
import io.driftline.operators.window.WindowAccumulator;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer for {@link WindowAccumulator}: its own versioned binary form,
 * length-prefixed. The accumulator is mutable, so {@link #copy} is a deep copy.
 */
public final class WindowAccumulatorSerializer extends TypeSerializer<WindowAccumulator> {

    private static final long serialVersionUID = 1L;

    public static final WindowAccumulatorSerializer INSTANCE = new WindowAccumulatorSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<WindowAccumulator> duplicate() {
        return this;
    }

    @Override
    public WindowAccumulator createInstance() {
        return new WindowAccumulator(SummaryConfig.defaults());
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from) {
        return WindowAccumulator.fromBytes(from.toBytes());
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from, WindowAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowAccumulator record, DataOutputView target) throws IOException {
        byte[] bytes = record.toBytes();
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public WindowAccumulator deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return WindowAccumulator.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public WindowAccumulator deserialize(WindowAccumulator reuse, DataInputView source)
            throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        target.writeInt(length);
        target.write(bytes);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof WindowAccumulatorSerializer;
    }

    @Override
    public int hashCode() {
        return WindowAccumulatorSerializer.class.hashCode();
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
