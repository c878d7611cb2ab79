package io.driftline.operators.serialization;

import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.ParseResult;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink {@link TypeSerializer} for Driftline's event records whose fields Flink cannot analyse
 * (sealed interfaces such as {@code FeatureValue}, nested maps): it writes the event's canonical
 * JSON, length-prefixed. The JSON contract is versioned ({@code "schema": 1}), so state written by
 * one version of Driftline stays readable by the next, and Flink never falls back to Kryo.
 *
 * @param <T> the event record type
 */
public final class EventJsonSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /**
     * Bounds for reading back our own state: far above the wire limits, since a model's reference
     * profile with many features is large, but still bounded.
     */
    static final EventLimits STATE_LIMITS =
            new EventLimits(256 << 20, 100_000, 1 << 20, 4096, 4096);

    private final Class<T> type;

    public EventJsonSerializer(Class<T> type) {
        this.type = Objects.requireNonNull(type);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public boolean isImmutableType() {
        return true; // records with unmodifiable collections
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] json = EventJson.toJson(record);
        target.writeInt(json.length);
        target.write(json);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        int length = source.readInt();
        byte[] json = new byte[length];
        source.readFully(json);
        ParseResult<T> parsed = EventJson.parse(json, type, STATE_LIMITS);
        if (!parsed.isValid()) {
            // Only our own serialize() wrote these bytes: failing to read them is corruption.
            throw new IOException(
                    "Corrupt " + type.getSimpleName() + " in Flink state: " + parsed.reason());
        }
        return parsed.value();
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        byte[] json = new byte[length];
        source.readFully(json);
        target.writeInt(length);
        target.write(json);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EventJsonSerializer<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(type);
    }

    /** Snapshot of an {@link EventJsonSerializer}: the event class it serializes. */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {

        private static final int VERSION = 1;

        private Class<T> type;

        /** Used by Flink when it reads a snapshot back. */
        public Snapshot() {}

        Snapshot(Class<T> type) {
            this.type = type;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
                throws IOException {
            String name = in.readUTF();
            try {
                @SuppressWarnings("unchecked")
                Class<T> resolved = (Class<T>) Class.forName(name, false, classLoader);
                this.type = resolved;
            } catch (ClassNotFoundException e) {
                throw new IOException("Unknown event type in serializer snapshot: " + name, e);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new EventJsonSerializer<>(type);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> oldSnapshot) {
            if (oldSnapshot instanceof Snapshot<T> old && old.type.equals(type)) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
