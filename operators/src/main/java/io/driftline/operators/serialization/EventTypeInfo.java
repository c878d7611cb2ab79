package io.driftline.operators.serialization;

import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.FeedbackEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for a Driftline event record: feedback, the one high-volume type, in its
 * binary form ({@link FeedbackEventSerializer}); the rest (a report per model and window, triggers,
 * alerts, published models) as their versioned JSON contract ({@link EventJsonSerializer}). Pass it
 * wherever Flink would otherwise analyse the class and fall back to Kryo, e.g. {@code
 * stream.process(fn, EventTypeInfo.of(FeedbackEvent.class))}.
 */
public final class EventTypeInfo {

    private EventTypeInfo() {}

    /** Type information for {@code type}, which must be one of the contracts in {@code events}. */
    @SuppressWarnings("unchecked")
    public static <T> TypeInformation<T> of(Class<T> type) {
        // fails fast when type is not a wire contract
        EventJson.parse(new byte[0], type, EventLimits.DEFAULTS);
        TypeSerializer<T> serializer =
                type == FeedbackEvent.class
                        ? (TypeSerializer<T>) new FeedbackEventSerializer()
                        : new EventJsonSerializer<>(type);
        return SerializerTypeInfo.of(type, serializer);
    }
}
