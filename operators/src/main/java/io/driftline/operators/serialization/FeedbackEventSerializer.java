package io.driftline.operators.serialization;

import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The binary form of a validated {@link FeedbackEvent} between operators (and in state): fields in
 * declaration order, each feature value as a tag byte and its payload. The edge parses and
 * validates each event once; this never sees JSON, and reading it back checks nothing again (only
 * our own serializer wrote the bytes).
 *
 * <p>Layout (version 1): {@code eventId, model, modelVersion?, ts, features (count, then name and
 * value each), prediction?, confidenceScore?, actual?, segment (count, then key and value each)}; a
 * value is {@link #NULL}, {@link #MISSING}, {@link #NUMERIC} + double or {@link #CATEGORICAL} +
 * string. The event id is in Flink's {@link StringValue} encoding; the other strings (names,
 * categories, model, version: the same few over and over) as a length and UTF-8 bytes, read back
 * through a small cache, so a feature name arrives as the same String each time (no allocation, its
 * hash already computed for the window's lookups). A change of layout is a new snapshot version
 * that can still read the old one.
 *
 * <p>Each instance has its own cache: {@link #duplicate()} gives every thread its own.
 */
public final class FeedbackEventSerializer extends TypeSerializer<FeedbackEvent> {

    private static final long serialVersionUID = 1L;

    static final byte NULL = 0;
    static final byte MISSING = 1;
    static final byte NUMERIC = 2;
    static final byte CATEGORICAL = 3;

    private static final int CACHE_SLOTS = 4096;
    private static final int MAX_CACHED_BYTES = 64;

    private transient byte[] buffer;
    private transient byte[][] cachedBytes;
    private transient String[] cachedStrings;

    public FeedbackEventSerializer() {}

    @Override
    public TypeSerializer<FeedbackEvent> duplicate() {
        return new FeedbackEventSerializer();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FeedbackEventSerializer;
    }

    @Override
    public int hashCode() {
        return FeedbackEventSerializer.class.hashCode();
    }

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
        writeName(event.model(), out);
        writeName(event.modelVersion(), out);
        out.writeLong(event.ts());
        out.writeInt(event.features().size());
        for (Map.Entry<String, FeatureValue> feature : event.features().entrySet()) {
            writeName(feature.getKey(), out);
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
            writeName(entry.getKey(), out);
            writeName(entry.getValue(), out);
        }
    }

    @Override
    public FeedbackEvent deserialize(DataInputView in) throws IOException {
        String eventId = StringValue.readString(in);
        String model = readName(in);
        String modelVersion = readName(in);
        long ts = in.readLong();
        int featureCount = in.readInt();
        FeedbackEvent.Features features = new FeedbackEvent.Features(featureCount);
        for (int i = 0; i < featureCount; i++) {
            String name = readName(in);
            features.put(name, readValue(in));
        }
        FeatureValue prediction = readValue(in);
        Double confidence = in.readBoolean() ? in.readDouble() : null;
        FeatureValue actual = readValue(in);
        int segmentCount = in.readInt();
        Map<String, String> segment =
                segmentCount == 0 ? Map.of() : new LinkedHashMap<>(segmentCount * 2);
        for (int i = 0; i < segmentCount; i++) {
            String key = readName(in);
            segment.put(key, readName(in));
        }
        return new FeedbackEvent(
                eventId,
                model,
                modelVersion,
                ts,
                features.build(),
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

    /** A string that repeats (a name, a category): its length (-1: null) and UTF-8 bytes. */
    static void writeName(String text, DataOutputView out) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    String readName(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > MAX_CACHED_BYTES) {
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (buffer == null) {
            buffer = new byte[MAX_CACHED_BYTES];
            cachedBytes = new byte[CACHE_SLOTS][];
            cachedStrings = new String[CACHE_SLOTS];
        }
        in.readFully(buffer, 0, length);
        int hash = length;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buffer[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (CACHE_SLOTS - 1);
        byte[] cached = cachedBytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, buffer, 0, length)) {
            return cachedStrings[slot];
        }
        String text = new String(buffer, 0, length, StandardCharsets.UTF_8);
        cachedBytes[slot] = Arrays.copyOf(buffer, length);
        cachedStrings[slot] = text;
        return text;
    }

    static void writeValue(FeatureValue value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof FeatureValue.Numeric numeric) {
            out.writeByte(NUMERIC);
            out.writeDouble(numeric.value());
        } else if (value instanceof FeatureValue.Categorical categorical) {
            out.writeByte(CATEGORICAL);
            writeName(categorical.value(), out);
        } else {
            out.writeByte(MISSING);
        }
    }

    FeatureValue readValue(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case MISSING -> FeatureValue.MISSING;
            case NUMERIC -> new FeatureValue.Numeric(in.readDouble());
            case CATEGORICAL -> new FeatureValue.Categorical(readName(in));
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
            super(FeedbackEventSerializer::new);
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
