package io.driftline.jobs.drift;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that never run ahead of the wall clock: the watermark is
 * {@code min(max event time seen, now) - outOfOrderness - 1}. An event stamped in the future (a
 * producer with a wrong clock; the contract lets through at most {@code max-event-lead}) lands in
 * its future window but cannot drag every model's watermark along, which would make all normal
 * traffic "late" until the clock catches up. Replays of old data are unaffected: there the event
 * time is behind the clock.
 */
final class ClockBoundedWatermarks<T> implements WatermarkGenerator<T> {

    private final long outOfOrdernessMillis;
    private long maxTimestamp;

    ClockBoundedWatermarks(Duration outOfOrderness) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long bounded = Math.min(maxTimestamp, System.currentTimeMillis());
        output.emitWatermark(new Watermark(bounded - outOfOrdernessMillis - 1));
    }
}
