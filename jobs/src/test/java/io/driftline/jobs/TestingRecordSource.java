package io.driftline.jobs;

import io.driftline.events.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Bounded in-memory sources of {@link RawRecord}s for the graph tests, as the Kafka source would
 * deliver them (topic, partition 0, consecutive offsets, the bytes untouched). A bounded source
 * ends with the watermark at the end of time, so every event-time window fires.
 *
 * <pre>{@code
 * Source<RawRecord, ?, ?> feedback = TestingRecordSource.of("driftline.feedback", jsonLines);
 * }</pre>
 */
public final class TestingRecordSource {

    private TestingRecordSource() {}

    /** The records {@code values}, in order, each keyed by nothing. */
    public static DataGeneratorSource<RawRecord> of(String topic, List<byte[]> values) {
        ArrayList<byte[]> copy = new ArrayList<>(values);
        long timestamp = System.currentTimeMillis();
        GeneratorFunction<Long, RawRecord> records =
                index -> {
                    int i = Math.toIntExact(index);
                    return new RawRecord(topic, 0, i, timestamp, null, copy.get(i));
                };
        return new DataGeneratorSource<>(records, copy.size(), TypeInformation.of(RawRecord.class));
    }

    /** UTF-8 bytes of {@code text}, for hand-written (often broken) JSON. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
