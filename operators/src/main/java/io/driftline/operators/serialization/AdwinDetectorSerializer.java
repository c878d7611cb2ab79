package io.driftline.operators.serialization;

import io.driftline.core.detect.adwin.AdwinDetector;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Flink state serializer for {@link AdwinDetector}: its versioned snapshot bytes. */
public final class AdwinDetectorSerializer extends BinaryStateSerializer<AdwinDetector> {

    private static final long serialVersionUID = 1L;

    public static final AdwinDetectorSerializer INSTANCE = new AdwinDetectorSerializer();

    @Override
    protected byte[] toBytes(AdwinDetector value) {
        return value.snapshot();
    }

    @Override
    protected AdwinDetector fromBytes(byte[] bytes) {
        return AdwinDetector.restore(bytes);
    }

    @Override
    public AdwinDetector createInstance() {
        return new AdwinDetector();
    }

    @Override
    public TypeSerializerSnapshot<AdwinDetector> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless serializer; the data carries its own format version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<AdwinDetector> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
