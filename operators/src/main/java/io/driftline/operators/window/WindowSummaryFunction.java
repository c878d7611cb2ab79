package io.driftline.operators.window;

import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowPartial;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DeadLetter;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ModelPublished;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.serialization.AdwinDetectorSerializer;
import io.driftline.operators.serialization.WindowAccumulatorSerializer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The drift job's first window stage: per spread key ({@link SpreadKeys}: a model's traffic split
 * by event id over all subtasks) it summarises every event-time window incrementally — sketches and
 * frequency maps, never raw events — joins late outcomes to their predictions and runs a change
 * detector on the error stream; when the watermark passes a window's end it sends the window's
 * summary as a {@link WindowPartial} to {@link DriftDetectionFunction}, which merges the parts of a
 * model and evaluates the whole window.
 *
 * <p><b>Late outcomes.</b> A prediction without an {@code actual} waits (its prediction and time
 * only) for up to {@code pendingOutcomeTtl}. An outcome-only event with the same {@code event_id}
 * (same id, same spread key) counts toward the window(s) of the original prediction — label
 * distribution and performance — if that window is still within its allowed lateness; the window's
 * part is then sent again and its report emitted again with the same id. Outcomes whose window's
 * lateness has passed are counted in {@code outcomesTooLate}, outcomes with no known (or no longer
 * kept) prediction in {@code outcomesUnmatched}; both are in {@code ml_feedback} all the same.
 *
 * <p>A newly published production version (or a rollback) resets the detector of that model.
 */
public class WindowSummaryFunction
        extends KeyedBroadcastProcessFunction<
                String, FeedbackEvent, ModelPublished, WindowPartial> {

    private static final long serialVersionUID = 1L;

    static final ValueStateDescriptor<AdwinDetector> DETECTOR =
            new ValueStateDescriptor<>("error-detector", AdwinDetectorSerializer.INSTANCE);

    /** Side output of records that failed here: {@code processing: drift-detection}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    /** Stream name under which the error-rate detector reports. */
    static final String ERROR_STREAM = "adwin:error_rate";

    private static final long HOUR = 3_600_000L;

    private final DriftDetectionSettings settings;
    private final String sourceTopic;

    private transient MapState<Long, WindowAccumulator> windows;
    private transient MapState<String, PendingPrediction> pending;
    private transient ValueState<Long> pendingSweepAt;
    private transient ValueState<AdwinDetector> detector;
    private transient ValueState<Long> lastSeen;

    private transient Counter lateEvents;
    private transient Counter outcomesTooLate;
    private transient Counter outcomesUnmatched;
    private transient Counter processingFailures;
    private transient Counter idleKeysExpired;

    /**
     * @param sourceTopic the feedback topic, named in the dead letters of failed records
     */
    public WindowSummaryFunction(DriftDetectionSettings settings, String sourceTopic) {
        this.settings = settings;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        windows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "windows",
                                        LongSerializer.INSTANCE,
                                        WindowAccumulatorSerializer.INSTANCE));
        // No state TTL here: Flink's incremental TTL cleanup walks and copies a key's whole map on
        // every access (O(pending) per event). Each prediction carries its own expiry instead,
        // checked on read, and one processing-time sweep per key and TTL period drops the ones
        // whose outcome never came.
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-predictions",
                                        TypeInformation.of(String.class),
                                        TypeInformation.of(PendingPrediction.class)));
        pendingSweepAt =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pending-sweep-at", LongSerializer.INSTANCE));
        detector = getRuntimeContext().getState(DETECTOR);
        lastSeen =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-seen", LongSerializer.INSTANCE));
        var metrics = getRuntimeContext().getMetricGroup();
        lateEvents = metrics.counter("lateEventsDropped");
        outcomesTooLate = metrics.counter("outcomesTooLate");
        outcomesUnmatched = metrics.counter("outcomesUnmatched");
        processingFailures = metrics.counter("processingFailures");
        idleKeysExpired = metrics.counter("idleKeysExpired");
    }

    @Override
    public void processElement(
            FeedbackEvent event, ReadOnlyContext ctx, Collector<WindowPartial> out)
            throws Exception {
        try {
            observe(event, ctx);
        } catch (RuntimeException e) {
            // a record that passed validation and still failed: one dead letter, not a restart
            processingFailures.inc();
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.processing(
                            sourceTopic,
                            DriftDetectionFunction.STAGE,
                            event,
                            e,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private void observe(FeedbackEvent event, ReadOnlyContext ctx) throws Exception {
        touch(ctx);
        long watermark = ctx.timerService().currentWatermark();
        WindowSpec spec = settings.windows();
        if (event.prediction() != null) {
            boolean counted = false;
            for (int i = 0; i < spec.windowsPerElement(); i++) {
                long start = spec.start(event.ts(), i);
                if (spec.cleanupTime(start) <= watermark) {
                    continue;
                }
                WindowAccumulator acc = windows.get(start);
                if (acc == null) {
                    acc = new WindowAccumulator(settings.summary());
                }
                acc.observe(
                        event.features(), event.prediction(), event.actual(), event.modelVersion());
                windows.put(start, acc);
                ctx.timerService().registerEventTimeTimer(spec.end(start) - 1);
                ctx.timerService().registerEventTimeTimer(spec.cleanupTime(start));
                counted = true;
            }
            if (!counted) {
                lateEvents.inc();
                return;
            }
            if (event.hasOutcome()) {
                observeError(event.prediction(), event.actual(), event.ts());
            } else {
                long now = ctx.timerService().currentProcessingTime();
                pending.put(
                        event.eventId(),
                        PendingPrediction.of(
                                event.prediction(),
                                event.ts(),
                                now + settings.pendingOutcomeTtl().toMillis()));
                armPendingSweep(ctx, now);
            }
        } else if (event.hasOutcome()) {
            PendingPrediction p = pending.get(event.eventId());
            if (p == null || p.expiredAt(ctx.timerService().currentProcessingTime())) {
                if (p != null) {
                    pending.remove(event.eventId());
                }
                outcomesUnmatched.inc();
                return;
            }
            pending.remove(event.eventId());
            boolean counted = false;
            for (int i = 0; i < spec.windowsPerElement(); i++) {
                long start = spec.start(p.ts(), i);
                WindowAccumulator acc = windows.get(start);
                if (acc == null || spec.cleanupTime(start) <= watermark) {
                    continue;
                }
                acc.observeOutcome(p.prediction(), event.actual());
                windows.put(start, acc);
                // fires again if the window was already sent: its part is sent again
                ctx.timerService().registerEventTimeTimer(spec.end(start) - 1);
                counted = true;
            }
            if (!counted) {
                outcomesTooLate.inc();
            }
            observeError(p.prediction(), event.actual(), p.ts());
        }
    }

    /** Feeds the 0/1 error stream to the detector and notes its signal in the window. */
    private void observeError(FeatureValue prediction, FeatureValue actual, long ts)
            throws Exception {
        if (prediction == null || actual == null || actual.isMissing() || prediction.isMissing()) {
            return;
        }
        AdwinDetector adwin = detector.value();
        if (adwin == null) {
            adwin = new AdwinDetector();
        }
        boolean error =
                !WindowAccumulator.label(prediction).equals(WindowAccumulator.label(actual));
        ChangeSignal signal = adwin.update(error ? 1 : 0);
        detector.update(adwin); // on the heap backend a reference, not a copy
        if (signal != ChangeSignal.NONE) {
            long start = settings.windows().lastStart(ts);
            WindowAccumulator acc = windows.get(start);
            if (acc != null) {
                acc.detectorSignal(ERROR_STREAM, signal.name().toLowerCase(Locale.ROOT));
                windows.put(start, acc);
            }
        }
    }

    /**
     * Notes that the key is alive. A key that receives nothing for {@code idleStateTtl} loses its
     * detector (it starts again if it comes back): models and segments come and go, state must not
     * grow with every name ever seen. Activity is kept to the hour (rounded up, so a key never
     * expires early), which makes this one state read per event and a write once an hour; one
     * processing-time timer per key, re-armed when it fires on a key still alive, does the expiry.
     */
    private void touch(ReadOnlyContext ctx) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        long hour = now - Math.floorMod(now, HOUR) + HOUR;
        Long seen = lastSeen.value();
        if (seen == null) {
            ctx.timerService()
                    .registerProcessingTimeTimer(hour + settings.idleStateTtl().toMillis());
        }
        if (seen == null || seen != hour) {
            lastSeen.update(hour);
        }
    }

    /** Makes sure a sweep of expired pending predictions is due within one TTL period. */
    private void armPendingSweep(ReadOnlyContext ctx, long now) throws Exception {
        if (pendingSweepAt.value() == null) {
            long at = now + settings.pendingOutcomeTtl().toMillis();
            pendingSweepAt.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        }
    }

    /**
     * Drops the pending predictions whose outcome did not come in time: one pass over the key's map
     * per TTL period, so the per-event cost stays flat however many outcomes are pending.
     */
    private void sweepPending(OnTimerContext ctx, long now) throws Exception {
        boolean left = false;
        for (Iterator<Map.Entry<String, PendingPrediction>> it = pending.iterator();
                it.hasNext(); ) {
            if (it.next().getValue().expiredAt(now)) {
                it.remove();
            } else {
                left = true;
            }
        }
        if (left) {
            long at = now + settings.pendingOutcomeTtl().toMillis();
            pendingSweepAt.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        } else {
            pending.clear(); // an empty map would still be written to every checkpoint
            pendingSweepAt.clear();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowPartial> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            Long sweepAt = pendingSweepAt.value();
            if (sweepAt != null && timestamp >= sweepAt) {
                sweepPending(ctx, timestamp);
            }
            Long seen = lastSeen.value();
            if (seen == null) {
                return; // nothing alive to expire: a sweep's timer, or the key expired already
            }
            long ttl = settings.idleStateTtl().toMillis();
            if (timestamp - seen < ttl) {
                ctx.timerService().registerProcessingTimeTimer(seen + ttl); // still alive
                return;
            }
            detector.clear();
            lastSeen.clear();
            idleKeysExpired.inc();
            return;
        }
        WindowSpec spec = settings.windows();
        String key = ctx.getCurrentKey();
        String base = SpreadKeys.baseOf(key);
        String part = SpreadKeys.partOf(key);
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, WindowAccumulator> e : windows.entries()) {
            long start = e.getKey();
            if (spec.end(start) - 1 == timestamp) {
                // the partial goes over the network at once: later changes are sent again
                out.collect(new WindowPartial(base, part, start, e.getValue()));
            }
            if (spec.cleanupTime(start) <= timestamp) {
                expired.add(start);
            }
        }
        for (Long start : expired) {
            windows.remove(start);
        }
    }

    @Override
    public void processBroadcastElement(
            ModelPublished published, Context ctx, Collector<WindowPartial> out) throws Exception {
        if (DriftDetectionFunction.applyPublished(
                ctx.getBroadcastState(DriftDetectionFunction.REFERENCES), published)) {
            // A new reference: the old error-rate history says nothing about the new model.
            ctx.applyToKeyedState(
                    DETECTOR,
                    (key, state) -> {
                        if (SpreadKeys.modelOf(key).equals(published.model())) {
                            state.clear();
                        }
                    });
        }
    }
}
