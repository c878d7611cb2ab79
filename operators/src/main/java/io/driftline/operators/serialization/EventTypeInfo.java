package io.driftline.operators.serialization;

import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.FeedbackEvent;
import java.util.Objects;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for a Driftline event record: feedback in its binary form ({@link
 * FeedbackEventSerializer}), the other records as their JSON contract ({@link
 * EventJsonSerializer}). Pass it wherever Flink would otherwise analyse the class and fall back to
 * Kryo, e.g. {@code stream.process(fn, EventTypeInfo.of(FeedbackEvent.class))}.
 *
 * @param <T> the event record type
 */
public final class EventTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    private EventTypeInfo(Class<T> type) {
        this.type = Objects.requireNonNull(type);
    }

    /** Type information for {@code type}, which must be one of the contracts in {@code events}. */
    public static <T> EventTypeInfo<T> of(Class<T> type) {
        // fails fast when type is not a wire contract
        EventJson.parse(new byte[0], type, EventLimits.DEFAULTS);
        return new EventTypeInfo<>(type);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer();
    }

    @Override
    @Deprecated
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return serializer();
    }

    /**
     * Feedback, the one high-volume type, travels in its binary form; the rest (a report per model
     * and window, triggers, alerts, published models) in the versioned JSON contract.
     */
    @SuppressWarnings("unchecked")
    private TypeSerializer<T> serializer() {
        if (type == FeedbackEvent.class) {
            return (TypeSerializer<T>) new FeedbackEventSerializer();
        }
        return new EventJsonSerializer<>(type);
    }

    @Override
    public String toString() {
        return "EventTypeInfo<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EventTypeInfo<?> other && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof EventTypeInfo;
    }
}
