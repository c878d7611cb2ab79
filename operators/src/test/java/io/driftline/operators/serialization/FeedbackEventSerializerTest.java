package io.driftline.operators.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.events.EventJson;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.SampleEvents;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class FeedbackEventSerializerTest {

    private static final FeedbackEventSerializer SERIALIZER = new FeedbackEventSerializer();

    /** Events with every shape a validated event can have. */
    static List<FeedbackEvent> odd() {
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        features.put("zeta", new FeatureValue.Numeric(-0.0));
        features.put("alpha", new FeatureValue.Numeric(1e200));
        features.put("tiny", new FeatureValue.Numeric(Double.MIN_VALUE));
        features.put("region", new FeatureValue.Categorical("nörd \uD83D\uDE00 \u0000"));
        features.put("empty", new FeatureValue.Categorical(""));
        features.put("gone", null); // stored as MISSING
        Map<String, String> segment = new LinkedHashMap<>();
        segment.put("region", "eu-west");
        segment.put("tier", "");
        return List.of(
                SampleEvents.feedback(),
                SampleEvents.outcomeOnly(),
                new FeedbackEvent(
                        "x".repeat(256),
                        "m.o-d_el",
                        null,
                        Long.MIN_VALUE,
                        features,
                        new FeatureValue.Categorical("yes"),
                        null,
                        new FeatureValue.Categorical("no"),
                        segment),
                new FeedbackEvent(
                        "id",
                        "m",
                        "v" + "9".repeat(70_000), // longer than writeUTF could carry
                        Long.MAX_VALUE,
                        Map.of(),
                        new FeatureValue.Numeric(0.25),
                        1.0,
                        null,
                        Map.of()));
    }

    @Test
    void everyShapeOfEventComesBackEqualInOrder() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (FeedbackEvent event : odd()) {
            SERIALIZER.serialize(event, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (FeedbackEvent event : odd()) {
            FeedbackEvent back = SERIALIZER.deserialize(in);
            assertThat(back).isEqualTo(event);
            // the same canonical JSON: feature order kept, missing values kept
            assertThat(EventJson.toJson(back)).isEqualTo(EventJson.toJson(event));
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void copyMovesOneRecordAndLeavesTheNext() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        List<FeedbackEvent> events = odd();
        for (FeedbackEvent event : events) {
            SERIALIZER.serialize(event, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(64);
        SERIALIZER.copy(in, copied);
        assertThat(SERIALIZER.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .isEqualTo(events.get(0));
        assertThat(SERIALIZER.deserialize(in)).isEqualTo(events.get(1));
    }

    @Test
    void feedbackTypeInformationIsTheBinaryForm() {
        TypeSerializer<FeedbackEvent> serializer =
                EventTypeInfo.of(FeedbackEvent.class).createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isInstanceOf(FeedbackEventSerializer.class).isEqualTo(SERIALIZER);
    }

    @Test
    void binaryIsSmallerThanTheJson() throws IOException {
        FeedbackEvent event = SampleEvents.feedback();
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(event, out);
        assertThat(out.length()).isLessThan(EventJson.toJson(event).length);
    }

    @Test
    void snapshotRestoresTheSerializer() throws IOException {
        TypeSerializerSnapshot<FeedbackEvent> restored =
                roundTrip(SERIALIZER.snapshotConfiguration());
        assertThat(restored.restoreSerializer()).isEqualTo(SERIALIZER);
        assertThat(
                        SERIALIZER
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(restored)
                                .isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void stateWrittenAsJsonByEarlierVersionsIsMigrated() throws IOException {
        EventJsonSerializer<FeedbackEvent> json = new EventJsonSerializer<>(FeedbackEvent.class);
        TypeSerializerSnapshot<FeedbackEvent> old = roundTrip(json.snapshotConfiguration());
        assertThat(
                        SERIALIZER
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(old)
                                .isCompatibleAfterMigration())
                .isTrue();
        // migration: read with the old serializer, write with the new one
        DataOutputSerializer out = new DataOutputSerializer(64);
        json.serialize(SampleEvents.feedback(), out);
        FeedbackEvent read =
                old.restoreSerializer()
                        .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        DataOutputSerializer rewritten = new DataOutputSerializer(64);
        SERIALIZER.serialize(read, rewritten);
        assertThat(SERIALIZER.deserialize(new DataInputDeserializer(rewritten.getCopyOfBuffer())))
                .isEqualTo(SampleEvents.feedback());
    }

    @Test
    void aCorruptValueTagIsAnErrorNotAGuess() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        FeedbackEvent event =
                new FeedbackEvent("id", "m", null, 1L, new HashMap<>(), null, null, null, Map.of());
        SERIALIZER.serialize(event, out);
        byte[] bytes = out.getCopyOfBuffer();
        // the prediction's tag follows id, model, version, ts and the feature count
        int predictionTag = bytes.length - 1 - 1 - 1 - 4;
        assertThat(bytes[predictionTag]).isEqualTo(FeedbackEventSerializer.NULL);
        bytes[predictionTag] = 42;
        assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tag 42");
    }

    private static TypeSerializerSnapshot<FeedbackEvent> roundTrip(
            TypeSerializerSnapshot<FeedbackEvent> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                FeedbackEventSerializerTest.class.getClassLoader());
    }
}
