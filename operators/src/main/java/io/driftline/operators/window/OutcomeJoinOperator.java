package io.driftline.operators.window;

import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.OutcomeJoinRecord;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DeadLetter;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.serialization.OutcomeJoinRecordSerializer;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.util.OutputTag;

/**
 * The outcome join of the drift job: a prediction without its outcome waits here (its key, version,
 * time and prediction; no features) for up to {@code pendingOutcomeTtl} of processing time; an
 * outcome-only event with the same model and id counts toward the window(s) of the prediction —
 * label distribution, performance and the error stream's detector — if the window is still within
 * its allowed lateness. The outcomes' share of each window is a part of its own ({@link
 * WindowParts}, parts {@code o<subtask>}), sent when the watermark passes the window's end and
 * again whenever a later outcome changed it, so {@link DriftDetectionFunction} emits the window's
 * report again with the same id.
 *
 * <p>Keyed by {@link #bucketOf}, one of {@link #BUCKETS} buckets of model and event id: each bucket
 * keeps its pending predictions in a map by model and id, so finding one is O(1) however many are
 * pending. Each carries its own expiry, checked on read, and one processing-time sweep per bucket
 * and TTL period drops those whose outcome never came: O(1) per event on average. (Flink's state
 * TTL would do the same with one state entry per prediction, but its incremental cleanup on the
 * heap backend cost more than half of this operator's time.) Outcomes whose window's lateness has
 * passed are counted in {@code outcomesTooLate}, outcomes with no known (or no longer kept)
 * prediction in {@code outcomesUnmatched}; both are in {@code ml_feedback} all the same.
 */
public class OutcomeJoinOperator extends WindowPartsOperator<OutcomeJoinRecord>
        implements Triggerable<Integer, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    /** Side output of records that failed here: {@code processing: drift-detection}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    /**
     * Buckets the pending predictions are kept in: enough to spread over any parallelism up to
     * this, few enough that one sweep timer per bucket costs nothing.
     */
    public static final int BUCKETS = 4096;

    private transient MapState<String, OutcomeJoinRecord> pending;
    private transient ValueState<Long> sweepAt;
    private transient InternalTimerService<VoidNamespace> timers;

    private transient Counter outcomesTooLate;
    private transient Counter outcomesUnmatched;

    /**
     * @param sourceTopic the feedback topic, named in the dead letters of failed records
     */
    public OutcomeJoinOperator(DriftDetectionSettings settings, String sourceTopic) {
        super(settings, sourceTopic, "o", "outcome-parts");
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-predictions",
                                        StringSerializer.INSTANCE,
                                        new OutcomeJoinRecordSerializer()));
        sweepAt =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pending-sweep-at", LongSerializer.INSTANCE));
        timers = getInternalTimerService("pending-sweep", VoidNamespaceSerializer.INSTANCE, this);
        var metrics = getMetricGroup();
        outcomesTooLate = metrics.counter("outcomesTooLate");
        outcomesUnmatched = metrics.counter("outcomesUnmatched");
    }

    @Override
    protected void process(OutcomeJoinRecord record) throws Exception {
        if (!record.isPrediction()) {
            join(record);
            return;
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        long ttl = settings.pendingOutcomeTtl().toMillis();
        pending.put(record.joinKey(), record.awaitingUntil(now + ttl));
        if (sweepAt.value() == null) {
            sweepAt.update(now + ttl);
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now + ttl);
        }
    }

    private void join(OutcomeJoinRecord outcome) throws Exception {
        String joinKey = outcome.joinKey();
        OutcomeJoinRecord prediction = pending.get(joinKey);
        if (prediction != null) {
            pending.remove(joinKey); // joined now, or expired: either way no longer awaited
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (prediction == null || now >= prediction.expiresAt()) {
            outcomesUnmatched.inc();
            return;
        }
        WindowParts.Part part = parts.own(prediction.key(), now);
        idle.arm();
        WindowSpec spec = settings.windows();
        boolean counted = false;
        for (int i = 0; i < spec.windowsPerElement(); i++) {
            WindowAccumulator acc = parts.window(part, spec.start(prediction.ts(), i));
            if (acc != null) {
                acc.observeOutcome(prediction.prediction(), outcome.actual());
                counted = true;
            }
        }
        if (!counted) {
            outcomesTooLate.inc();
        }
        parts.observeError(
                part,
                prediction.version(),
                prediction.prediction(),
                outcome.actual(),
                prediction.ts());
    }

    /**
     * Drops the bucket's predictions whose outcome did not come in time: one pass over its map per
     * TTL period, so the per-event cost stays flat however many outcomes are pending.
     */
    @Override
    public void onProcessingTime(InternalTimer<Integer, VoidNamespace> timer) throws Exception {
        long now = timer.getTimestamp();
        boolean left = false;
        for (Iterator<Map.Entry<String, OutcomeJoinRecord>> it = pending.iterator();
                it.hasNext(); ) {
            if (now >= it.next().getValue().expiresAt()) {
                it.remove();
            } else {
                left = true;
            }
        }
        if (left) {
            long at = now + settings.pendingOutcomeTtl().toMillis();
            sweepAt.update(at);
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, at);
        } else {
            pending.clear(); // an empty map would still be written to every checkpoint
            sweepAt.clear();
        }
    }

    @Override
    public void onEventTime(InternalTimer<Integer, VoidNamespace> timer) {}

    /** The bucket of a join record: model and event id hashed, spread over {@link #BUCKETS}. */
    public static int bucketOf(OutcomeJoinRecord record) {
        int h = 31 * record.model().hashCode() + record.eventId().hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return Math.floorMod(h, BUCKETS);
    }
}
