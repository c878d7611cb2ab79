package io.driftline.operators.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the Flink state serializers for Driftline's mutable state objects that carry their own
 * versioned binary form (a window accumulator, a change detector): the bytes are written
 * length-prefixed, and {@link #copy} is a deep copy through them. On the heap state backend the
 * object itself is kept, so the bytes are only made for checkpoints.
 *
 * @param <T> the state type
 */
public abstract class BinaryStateSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The object's versioned bytes. */
    protected abstract byte[] toBytes(T value);

    /**
     * Reads {@link #toBytes}; throws {@link IllegalArgumentException} on corrupt bytes or an
     * unknown version.
     */
    protected abstract T fromBytes(byte[] bytes);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public T copy(T from) {
        return fromBytes(toBytes(from));
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] bytes = toBytes(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
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
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
