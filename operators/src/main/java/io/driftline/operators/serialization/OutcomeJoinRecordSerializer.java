package io.driftline.operators.serialization;

import io.driftline.core.window.OutcomeJoinRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The binary form of an {@link OutcomeJoinRecord} on its way to the outcome join and in its state:
 * {@code model, eventId, key?, version?, ts, prediction?, actual?, expiresAt}, strings and values
 * written as {@link FeedbackEventSerializer} writes them (model, key and version read back through
 * its cache).
 *
 * <p>Each instance has its own cache: {@link #duplicate()} gives every thread its own.
 */
public final class OutcomeJoinRecordSerializer extends TypeSerializer<OutcomeJoinRecord> {

    private static final long serialVersionUID = 1L;

    private final FeedbackEventSerializer names = new FeedbackEventSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<OutcomeJoinRecord> duplicate() {
        return new OutcomeJoinRecordSerializer();
    }

    @Override
    public OutcomeJoinRecord createInstance() {
        return null;
    }

    @Override
    public OutcomeJoinRecord copy(OutcomeJoinRecord from) {
        return from;
    }

    @Override
    public OutcomeJoinRecord copy(OutcomeJoinRecord from, OutcomeJoinRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(OutcomeJoinRecord record, DataOutputView out) throws IOException {
        FeedbackEventSerializer.writeName(record.model(), out);
        StringValue.writeString(record.eventId(), out);
        FeedbackEventSerializer.writeName(record.key(), out);
        FeedbackEventSerializer.writeName(record.version(), out);
        out.writeLong(record.ts());
        FeedbackEventSerializer.writeValue(record.prediction(), out);
        FeedbackEventSerializer.writeValue(record.actual(), out);
        out.writeLong(record.expiresAt());
    }

    @Override
    public OutcomeJoinRecord deserialize(DataInputView in) throws IOException {
        String model = names.readName(in);
        String eventId = StringValue.readString(in);
        return new OutcomeJoinRecord(
                model,
                eventId,
                names.readName(in),
                names.readName(in),
                in.readLong(),
                names.readValue(in),
                names.readValue(in),
                in.readLong());
    }

    @Override
    public OutcomeJoinRecord deserialize(OutcomeJoinRecord reuse, DataInputView in)
            throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OutcomeJoinRecordSerializer;
    }

    @Override
    public int hashCode() {
        return OutcomeJoinRecordSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<OutcomeJoinRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Snapshot of the serializer: its layout version (the records live in the join's state), so a
     * later layout can read this one or says that it cannot.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<OutcomeJoinRecord> {

        private static final int LAYOUT = 1;

        private int layout = LAYOUT;

        @Override
        public int getCurrentVersion() {
            return LAYOUT;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader) {
            layout = readVersion;
        }

        @Override
        public TypeSerializer<OutcomeJoinRecord> restoreSerializer() {
            if (layout != LAYOUT) {
                throw new IllegalStateException(
                        "OutcomeJoinRecord layout " + layout + " is not readable by this version");
            }
            return new OutcomeJoinRecordSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<OutcomeJoinRecord> resolveSchemaCompatibility(
                TypeSerializerSnapshot<OutcomeJoinRecord> oldSnapshot) {
            return oldSnapshot instanceof Snapshot old && old.layout == LAYOUT
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
