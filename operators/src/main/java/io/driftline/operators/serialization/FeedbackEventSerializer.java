package io.driftline.operators.serialization;

import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The binary form of a validated {@link FeedbackEvent} between operators (and in state): fields in
 * declaration order, strings in Flink's {@link StringValue} encoding, each feature value as a tag
 * byte and its payload. The edge parses and validates each event once; this never sees JSON, and
 * reading it back checks nothing again (only our own serializer wrote the bytes).
 *
 * <p>Layout (version 1): {@code eventId, model, modelVersion?, ts, features (count, then name and
 * value each), prediction?, confidenceScore?, actual?, segment (count, then key and value each)}; a
 * value is {@link #NULL}, {@link #MISSING}, {@link #NUMERIC} + double or {@link #CATEGORICAL} +
 * string. A change of layout is a new snapshot version that can still read the old one.
 */
public final class FeedbackEventSerializer extends TypeSerializerSingleton<FeedbackEvent> {

    private static final long serialVersionUID = 1L;

    public static final FeedbackEventSerializer INSTANCE = new FeedbackEventSerializer();

    static final byte NULL = 0;
    static final byte MISSING = 1;
    static final byte NUMERIC = 2;
    static final byte CATEGORICAL = 3;

    private FeedbackEventSerializer() {}

    @Override
    public boolean isImmutableType() {
        return true; // a record of unmodifiable collections
    }

    @Override
    public FeedbackEvent createInstance() {
        return null;
    }

    @Override
    public FeedbackEvent copy(FeedbackEvent from) {
        return from;
    }

    @Override
    public FeedbackEvent copy(FeedbackEvent from, FeedbackEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FeedbackEvent event, DataOutputView out) throws IOException {
        StringValue.writeString(event.eventId(), out);
        StringValue.writeString(event.model(), out);
        StringValue.writeString(event.modelVersion(), out); // null is written as null
        out.writeLong(event.ts());
        out.writeInt(event.features().size());
        for (Map.Entry<String, FeatureValue> feature : event.features().entrySet()) {
            StringValue.writeString(feature.getKey(), out);
            writeValue(feature.getValue(), out);
        }
        writeValue(event.prediction(), out);
        Double confidence = event.confidenceScore();
        out.writeBoolean(confidence != null);
        if (confidence != null) {
            out.writeDouble(confidence);
        }
        writeValue(event.actual(), out);
        out.writeInt(event.segment().size());
        for (Map.Entry<String, String> entry : event.segment().entrySet()) {
            StringValue.writeString(entry.getKey(), out);
            StringValue.writeString(entry.getValue(), out);
        }
    }

    @Override
    public FeedbackEvent deserialize(DataInputView in) throws IOException {
        String eventId = StringValue.readString(in);
        String model = StringValue.readString(in);
        String modelVersion = StringValue.readString(in);
        long ts = in.readLong();
        int featureCount = in.readInt();
        Map<String, FeatureValue> features = new LinkedHashMap<>(featureCount * 2);
        for (int i = 0; i < featureCount; i++) {
            String name = StringValue.readString(in);
            features.put(name, readValue(in));
        }
        FeatureValue prediction = readValue(in);
        Double confidence = in.readBoolean() ? in.readDouble() : null;
        FeatureValue actual = readValue(in);
        int segmentCount = in.readInt();
        Map<String, String> segment =
                segmentCount == 0 ? Map.of() : new LinkedHashMap<>(segmentCount * 2);
        for (int i = 0; i < segmentCount; i++) {
            String key = StringValue.readString(in);
            segment.put(key, StringValue.readString(in));
        }
        return new FeedbackEvent(
                eventId,
                model,
                modelVersion,
                ts,
                features,
                prediction,
                confidence,
                actual,
                segment);
    }

    @Override
    public FeedbackEvent deserialize(FeedbackEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeValue(FeatureValue value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof FeatureValue.Numeric numeric) {
            out.writeByte(NUMERIC);
            out.writeDouble(numeric.value());
        } else if (value instanceof FeatureValue.Categorical categorical) {
            out.writeByte(CATEGORICAL);
            StringValue.writeString(categorical.value(), out);
        } else {
            out.writeByte(MISSING);
        }
    }

    private static FeatureValue readValue(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case MISSING -> FeatureValue.MISSING;
            case NUMERIC -> new FeatureValue.Numeric(in.readDouble());
            case CATEGORICAL -> new FeatureValue.Categorical(StringValue.readString(in));
            default -> throw new IOException("Corrupt FeedbackEvent: feature value tag " + tag);
        };
    }

    @Override
    public TypeSerializerSnapshot<FeedbackEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Snapshot of the {@link FeedbackEventSerializer}. State written with the JSON form of earlier
     * versions ({@link EventJsonSerializer} of FeedbackEvent) is read with that serializer and
     * written back in this form.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeedbackEvent> {

        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<FeedbackEvent> resolveSchemaCompatibility(
                TypeSerializerSnapshot<FeedbackEvent> oldSnapshot) {
            if (oldSnapshot instanceof EventJsonSerializer.Snapshot<FeedbackEvent> json
                    && json.restoreSerializer() instanceof EventJsonSerializer<FeedbackEvent> old
                    && old.type() == FeedbackEvent.class) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSnapshot);
        }
    }
}
