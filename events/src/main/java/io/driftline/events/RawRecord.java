package io.driftline.events;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record as it came off a Kafka topic, bytes untouched, with where it came from. Jobs parse it
 * in a process function rather than in the source's deserializer so that a bad record becomes a
 * dead letter (with its original bytes and position) instead of a failed job.
 *
 * <p>A record, so Flink serializes it with its POJO serializer (no Kryo).
 */
public record RawRecord(
        String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && partition == r.partition
                && offset == r.offset
                && timestamp == r.timestamp
                && Objects.equals(topic, r.topic)
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, timestamp)
                + 31 * Arrays.hashCode(key)
                + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RawRecord["
                + topic
                + "-"
                + partition
                + "@"
                + offset
                + ", "
                + lengthOf(value)
                + " bytes]";
    }

    private static int lengthOf(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
