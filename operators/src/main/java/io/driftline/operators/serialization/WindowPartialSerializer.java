package io.driftline.operators.serialization;

import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowPartial;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The binary form of a {@link WindowPartial} between the drift job's two window stages: key, part,
 * window start, then the accumulator's own versioned bytes, length-prefixed.
 */
public final class WindowPartialSerializer extends TypeSerializerSingleton<WindowPartial> {

    private static final long serialVersionUID = 1L;

    public static final WindowPartialSerializer INSTANCE = new WindowPartialSerializer();

    private WindowPartialSerializer() {}

    @Override
    public boolean isImmutableType() {
        return false; // the accumulator is mutable
    }

    @Override
    public WindowPartial createInstance() {
        return null;
    }

    @Override
    public WindowPartial copy(WindowPartial from) {
        return new WindowPartial(
                from.key(),
                from.part(),
                from.windowStart(),
                WindowAccumulator.fromBytes(from.accumulator().toBytes()));
    }

    @Override
    public WindowPartial copy(WindowPartial from, WindowPartial reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowPartial partial, DataOutputView out) throws IOException {
        StringValue.writeString(partial.key(), out);
        StringValue.writeString(partial.part(), out);
        out.writeLong(partial.windowStart());
        WindowAccumulatorSerializer.INSTANCE.serialize(partial.accumulator(), out);
    }

    @Override
    public WindowPartial deserialize(DataInputView in) throws IOException {
        String key = StringValue.readString(in);
        String part = StringValue.readString(in);
        long start = in.readLong();
        return new WindowPartial(
                key, part, start, WindowAccumulatorSerializer.INSTANCE.deserialize(in));
    }

    @Override
    public WindowPartial deserialize(WindowPartial reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        StringValue.copyString(in, out);
        StringValue.copyString(in, out);
        out.writeLong(in.readLong());
        WindowAccumulatorSerializer.INSTANCE.copy(in, out);
    }

    @Override
    public TypeSerializerSnapshot<WindowPartial> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless serializer; the accumulator carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowPartial> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
