package io.driftline.operators.window;

import io.driftline.events.FeedbackEvent;
import io.driftline.operators.serialization.EventTypeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Bounds the segments one model is split into, keyed by model, before the drift job keys by model
 * and segment: the first {@code maxSegments} values of the segment key get windows of their own;
 * events of further values go to the {@link #OTHER} segment and {@code segmentsCapped} counts them.
 * A segment not seen for {@code idleMillis} of processing time frees its place (checked at most
 * once an hour, when the cap is reached). A segment key with unbounded values (a user id) cannot
 * grow state without bound.
 */
public class SegmentCapFunction extends KeyedProcessFunction<String, FeedbackEvent, FeedbackEvent>
        implements ResultTypeQueryable<FeedbackEvent> {

    private static final long serialVersionUID = 1L;

    /** The segment value that events of segments beyond the cap are counted under. */
    public static final String OTHER = "__other__";

    private static final long HOUR = 3_600_000L;

    private final String segmentKey;
    private final int maxSegments;
    private final long idleMillis;

    private transient MapState<String, Long> lastSeen;
    private transient ValueState<Integer> count;
    private transient ValueState<Long> expiryCheckedAt;
    private transient Counter capped;

    public SegmentCapFunction(String segmentKey, int maxSegments, long idleMillis) {
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments must be >= 1, got " + maxSegments);
        }
        this.segmentKey = segmentKey;
        this.maxSegments = maxSegments;
        this.idleMillis = idleMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        lastSeen =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "segments",
                                        StringSerializer.INSTANCE,
                                        LongSerializer.INSTANCE));
        count =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "segment-count", IntSerializer.INSTANCE));
        expiryCheckedAt =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "segment-expiry-checked-at", LongSerializer.INSTANCE));
        capped = getRuntimeContext().getMetricGroup().counter("segmentsCapped");
    }

    @Override
    public void processElement(FeedbackEvent event, Context ctx, Collector<FeedbackEvent> out)
            throws Exception {
        String value = event.segment().get(segmentKey);
        if (value == null || OTHER.equals(value)) {
            out.collect(event);
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        if (lastSeen.contains(value)) {
            lastSeen.put(value, now);
            out.collect(event);
            return;
        }
        int known = count.value() == null ? 0 : count.value();
        if (known >= maxSegments) {
            Long checked = expiryCheckedAt.value();
            if (checked == null || now - checked >= HOUR) {
                expiryCheckedAt.update(now);
                known = forgetIdle(now, known);
            }
        }
        if (known >= maxSegments) {
            capped.inc();
            out.collect(withSegment(event, OTHER));
            return;
        }
        lastSeen.put(value, now);
        count.update(known + 1);
        out.collect(event);
    }

    private int forgetIdle(long now, int known) throws Exception {
        List<String> idle = new ArrayList<>();
        for (Map.Entry<String, Long> e : lastSeen.entries()) {
            if (now - e.getValue() > idleMillis) {
                idle.add(e.getKey());
            }
        }
        for (String value : idle) {
            lastSeen.remove(value);
        }
        int left = Math.max(0, known - idle.size());
        count.update(left);
        return left;
    }

    private FeedbackEvent withSegment(FeedbackEvent e, String value) {
        Map<String, String> segment = new LinkedHashMap<>(e.segment());
        segment.put(segmentKey, value);
        return new FeedbackEvent(
                e.eventId(),
                e.model(),
                e.modelVersion(),
                e.ts(),
                e.features(),
                e.prediction(),
                e.confidenceScore(),
                e.actual(),
                segment);
    }

    @Override
    public TypeInformation<FeedbackEvent> getProducedType() {
        return EventTypeInfo.of(FeedbackEvent.class);
    }
}
