package io.driftline.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** The drift job's watermark generators: what they emit decides whether windows ever fire. */
class EventTimeStrategiesTest {

    /** Records what a generator emits. */
    static final class Recording implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle++;
        }

        @Override
        public void markActive() {}
    }

    @Test
    void theBroadcastSideIsIdleAndNeverEmitsAWatermark() {
        // An end-of-time watermark from the broadcast side becomes the operator's as soon as every
        // feedback partition is idle: every later event would be late, forever.
        WatermarkGenerator<String> generator =
                DriftDetectionJob.<String>neverHoldsBackEventTime().createWatermarkGenerator(null);
        Recording out = new Recording();
        generator.onEvent("model update", 1_000, out);
        generator.onPeriodicEmit(out);
        generator.onPeriodicEmit(out);

        assertThat(out.watermarks).isEmpty();
        assertThat(out.idle).isEqualTo(2);
    }

    @Test
    void theFeedbackWatermarkNeverRunsAheadOfTheWallClock() {
        ClockBoundedWatermarks<String> generator =
                new ClockBoundedWatermarks<>(Duration.ofSeconds(5));
        Recording out = new Recording();
        long now = System.currentTimeMillis();

        generator.onEvent("replayed", now - 3_600_000, out);
        generator.onPeriodicEmit(out);
        assertThat(out.watermarks.get(0)).isEqualTo(now - 3_600_000 - 5_000 - 1);

        // an event stamped 50 minutes ahead (inside the contract's lead) must not drag it along
        generator.onEvent("future", now + 3_000_000, out);
        generator.onPeriodicEmit(out);
        long last = out.watermarks.get(out.watermarks.size() - 1);
        assertThat(last).isLessThanOrEqualTo(System.currentTimeMillis() - 5_000 - 1);
        assertThat(last).isGreaterThanOrEqualTo(now - 5_000 - 1);
    }

    @Test
    void theSourceReadsEventTimeOnlyWithinTheContractsWindow() {
        long now = System.currentTimeMillis();
        io.driftline.events.EventLimits limits = io.driftline.events.EventLimits.DEFAULTS;

        assertThat(DriftDetectionJob.eventTimeOf(raw("{\"ts\":" + (now - 5_000) + "}"), limits))
                .isEqualTo(now - 5_000);
        // a valid event: parsed (once, for validation too), its ts
        String valid =
                "{\"schema\":1,\"event_id\":\"e-1\",\"model\":\"m\",\"ts\":"
                        + (now - 7_000)
                        + ",\"features\":{\"x\":1.5},\"prediction\":1}";
        io.driftline.events.RawRecord record = raw(valid);
        assertThat(
                        io.driftline.events.EventJson.parse(
                                        record.value(),
                                        io.driftline.events.FeedbackEvent.class,
                                        limits)
                                .isValid())
                .isTrue();
        assertThat(DriftDetectionJob.eventTimeOf(record, limits)).isEqualTo(now - 7_000);
        // valid but ten years ahead: no event time
        String ahead =
                valid.replace(Long.toString(now - 7_000), Long.toString(now + 315_360_000_000L));
        assertThat(DriftDetectionJob.eventTimeOf(raw(ahead), limits))
                .isEqualTo(io.driftline.events.EventJson.NO_EVENT_TIME);
        // ten years ahead, a year behind, no ts, not JSON: no event time, no watermark move
        for (String json :
                new String[] {
                    "{\"ts\":" + (now + 10L * 365 * 24 * 3_600_000) + "}",
                    "{\"ts\":" + (now - 365L * 24 * 3_600_000) + "}",
                    "{\"model\":\"m\"}",
                    "garbage"
                }) {
            assertThat(DriftDetectionJob.eventTimeOf(raw(json), limits))
                    .as(json)
                    .isEqualTo(io.driftline.events.EventJson.NO_EVENT_TIME);
        }
    }

    private static io.driftline.events.RawRecord raw(String json) {
        return new io.driftline.events.RawRecord(
                "driftline.feedback",
                0,
                0,
                0,
                null,
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
