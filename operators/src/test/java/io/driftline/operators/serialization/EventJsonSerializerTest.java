package io.driftline.operators.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.events.FeedbackEvent;
import io.driftline.events.MetricSample;
import io.driftline.events.SampleEvents;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

public class EventJsonSerializerTest {

    public static FeedbackEvent event() {
        return SampleEvents.feedback();
    }

    @Test
    void roundTripsAnEventThroughFlinkMemory() throws IOException {
        TypeSerializer<FeedbackEvent> serializer =
                EventTypeInfo.of(FeedbackEvent.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(event(), out);
        serializer.serialize(event(), out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(serializer.deserialize(in)).isEqualTo(event());
        // copy() moves the bytes of one record without parsing them
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(in, copied);
        assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .isEqualTo(event());
    }

    @Test
    void snapshotRestoresAnEqualSerializer() throws IOException {
        EventJsonSerializer<FeedbackEvent> serializer =
                new EventJsonSerializer<>(FeedbackEvent.class);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<FeedbackEvent> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
        assertThat(
                        restored.resolveSchemaCompatibility(serializer.snapshotConfiguration())
                                .isCompatibleAsIs())
                .isTrue();
        // a snapshot of another event type is not compatible with this one
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<FeedbackEvent> other =
                (TypeSerializerSnapshot)
                        new EventJsonSerializer<>(MetricSample.class).snapshotConfiguration();
        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(other)
                                .isIncompatible())
                .isTrue();
    }

    @Test
    void corruptStateIsAnErrorNotASilentNull() {
        EventJsonSerializer<FeedbackEvent> serializer =
                new EventJsonSerializer<>(FeedbackEvent.class);
        DataOutputSerializer out = new DataOutputSerializer(16);
        byte[] garbage = "{\"event_id\":".getBytes();
        try {
            out.writeInt(garbage.length);
            out.write(garbage);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(
                        () ->
                                serializer.deserialize(
                                        new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Corrupt FeedbackEvent");
    }

    @Test
    void onlyWireContractsHaveTypeInfo() {
        assertThatThrownBy(() -> EventTypeInfo.of(String.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
