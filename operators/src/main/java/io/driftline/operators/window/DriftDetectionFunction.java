package io.driftline.operators.window;

import io.driftline.core.decision.DriftDecisionRule;
import io.driftline.core.decision.SchemaDriftRule;
import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.performance.PerformanceMetric;
import io.driftline.core.profile.ReferenceSummary;
import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.DriftReportAssembler;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.serialization.AdwinDetectorSerializer;
import io.driftline.operators.serialization.EventJsonSerializer;
import io.driftline.operators.serialization.WindowAccumulatorSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The heart of DriftDetectionJob: per model (and segment, when configured), it summarises every
 * event-time window incrementally — sketches and frequency maps, never raw events — joins late
 * outcomes to their predictions, runs a change detector on the error stream, and when the watermark
 * passes a window's end evaluates it against the model's reference profile and emits a {@link
 * DriftReport}.
 *
 * <p>References come from the broadcast stream of published models (and the registry at start); a
 * model with none learns one from its first {@code bootstrapWindows} windows. A newly published
 * production version (or a rollback) replaces the reference at once and resets that model's
 * detector.
 *
 * <p><b>Late outcomes.</b> A prediction without an {@code actual} waits (its prediction and time
 * only) for up to {@code pendingOutcomeTtl}. An outcome-only event with the same {@code event_id}
 * counts toward the window(s) of the original prediction — label distribution and performance — if
 * that window is still within its allowed lateness; its report is then emitted again with the same
 * id. Outcomes whose window's lateness has passed are counted in {@code outcomesTooLate}, outcomes
 * with no known (or no longer kept) prediction in {@code outcomesUnmatched}; both are in {@code
 * ml_feedback} all the same.
 */
public class DriftDetectionFunction
        extends KeyedBroadcastProcessFunction<String, FeedbackEvent, ModelPublished, DriftReport> {

    private static final long serialVersionUID = 1L;

    /** Broadcast state: the production version of each model, by model name. */
    public static final MapStateDescriptor<String, ModelPublished> REFERENCES =
            new MapStateDescriptor<>(
                    "production-references",
                    StringSerializer.INSTANCE,
                    new EventJsonSerializer<>(ModelPublished.class));

    static final ValueStateDescriptor<AdwinDetector> DETECTOR =
            new ValueStateDescriptor<>("error-detector", AdwinDetectorSerializer.INSTANCE);

    /** Side output of records and windows that failed here: {@code processing: drift-detection}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    static final String STAGE = "drift-detection";

    /** Stream name under which the error-rate detector reports. */
    static final String ERROR_STREAM = "adwin:error_rate";

    private final DriftDetectionSettings settings;

    private transient MapState<Long, WindowAccumulator> windows;
    private transient MapState<String, PendingPrediction> pending;
    private transient ValueState<Long> pendingSweepAt;
    private transient ValueState<AdwinDetector> detector;
    private transient ValueState<byte[]> learnedReference;
    private transient ValueState<WindowAccumulator> bootstrap;
    private transient ValueState<Integer> bootstrapCount;
    private transient ValueState<Long> lastSeen;
    private transient Counter idleKeysExpired;
    private transient Counter featureValuesDropped;
    private transient DriftDecisionRule rule;
    private transient Map<String, CachedReference> referenceCache;

    private transient Counter reports;
    private transient Counter lateEvents;
    private transient Counter outcomesTooLate;
    private transient Counter outcomesUnmatched;
    private transient Counter referencesLearned;
    private transient Counter processingFailures;
    private transient Counter schemaDrifts;

    private final String sourceTopic;

    public DriftDetectionFunction(DriftDetectionSettings settings) {
        this(settings, "driftline.feedback");
    }

    /**
     * @param sourceTopic the feedback topic, named in the dead letters of failed records
     */
    public DriftDetectionFunction(DriftDetectionSettings settings, String sourceTopic) {
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
        // every access (O(pending) per event, the drift job's hot spot). Each prediction carries
        // its own expiry instead, checked on read, and one processing-time sweep per key and TTL
        // period drops the ones whose outcome never came. (A new state name: the TTL-wrapped
        // "pending-outcomes" of earlier versions cannot be restored as plain state.)
        MapStateDescriptor<String, PendingPrediction> pendingDescriptor =
                new MapStateDescriptor<>(
                        "pending-predictions",
                        TypeInformation.of(String.class),
                        TypeInformation.of(PendingPrediction.class));
        pending = getRuntimeContext().getMapState(pendingDescriptor);
        pendingSweepAt =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pending-sweep-at", LongSerializer.INSTANCE));
        detector = getRuntimeContext().getState(DETECTOR);
        learnedReference =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "learned-reference",
                                        BytePrimitiveArraySerializer.INSTANCE));
        bootstrap =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "bootstrap-windows", WindowAccumulatorSerializer.INSTANCE));
        bootstrapCount =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "bootstrap-count", IntSerializer.INSTANCE));
        lastSeen =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-seen", LongSerializer.INSTANCE));
        rule = new DriftDecisionRule(settings.decision());
        referenceCache = new HashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        reports = metrics.counter("driftReports");
        lateEvents = metrics.counter("lateEventsDropped");
        outcomesTooLate = metrics.counter("outcomesTooLate");
        outcomesUnmatched = metrics.counter("outcomesUnmatched");
        referencesLearned = metrics.counter("referencesLearned");
        processingFailures = metrics.counter("processingFailures");
        schemaDrifts = metrics.counter("schemaDriftWindows");
        idleKeysExpired = metrics.counter("idleKeysExpired");
        featureValuesDropped = metrics.counter("featureValuesDropped");
    }

    /** The model a key belongs to: keys are {@code model} or {@code model|segment}. */
    public static String modelOf(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }

    @Override
    public void processElement(FeedbackEvent event, ReadOnlyContext ctx, Collector<DriftReport> out)
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
                            STAGE,
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
                registerTimers(ctx, start);
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
                // fires again if the window was already evaluated: its report is updated
                ctx.timerService().registerEventTimeTimer(spec.end(start) - 1);
                counted = true;
            }
            if (!counted) {
                outcomesTooLate.inc();
            }
            observeError(p.prediction(), event.actual(), p.ts());
        }
    }

    private void registerTimers(ReadOnlyContext ctx, long start) {
        WindowSpec spec = settings.windows();
        ctx.timerService().registerEventTimeTimer(spec.end(start) - 1);
        ctx.timerService().registerEventTimeTimer(spec.cleanupTime(start));
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
                acc.detectorSignal(ERROR_STREAM, signal.name().toLowerCase(java.util.Locale.ROOT));
                windows.put(start, acc);
            }
        }
    }

    /**
     * Notes that the key is alive. A key that receives nothing for {@code idleStateTtl} loses its
     * detector and learned reference (it learns again if it comes back): models and segments come
     * and go, state must not grow with every name ever seen. Activity is kept to the hour (rounded
     * up, so a key never expires early), which makes this one state read per event and a write once
     * an hour; one processing-time timer per key, re-armed when it fires on a key still alive, does
     * the expiry (Flink's state TTL would clean up on every access instead).
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

    private static final long HOUR = 3_600_000L;

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
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftReport> out)
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
            learnedReference.clear();
            bootstrap.clear();
            bootstrapCount.clear();
            lastSeen.clear();
            idleKeysExpired.inc();
            return;
        }
        WindowSpec spec = settings.windows();
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, WindowAccumulator> e : windows.entries()) {
            long start = e.getKey();
            if (spec.end(start) - 1 == timestamp) {
                featureValuesDropped.inc(e.getValue().summary().featureValuesDropped());
                try {
                    out.collect(
                            DriftReportAssembler.finite(
                                    evaluate(ctx.getCurrentKey(), start, e.getValue(), ctx)));
                    reports.inc();
                } catch (RuntimeException failure) {
                    processingFailures.inc();
                    ctx.output(
                            DEAD_LETTERS,
                            DeadLetter.processing(
                                    sourceTopic,
                                    STAGE,
                                    "window of "
                                            + ctx.getCurrentKey()
                                            + " from "
                                            + start
                                            + " to "
                                            + spec.end(start),
                                    failure,
                                    ctx.timerService().currentProcessingTime()));
                }
            }
            if (spec.cleanupTime(start) <= timestamp) {
                expired.add(start);
            }
        }
        for (Long start : expired) {
            windows.remove(start);
        }
    }

    private DriftReport evaluate(String key, long start, WindowAccumulator acc, OnTimerContext ctx)
            throws Exception {
        String model = modelOf(key);
        long end = settings.windows().end(start);
        ModelPublished published = ctx.getBroadcastState(REFERENCES).get(model);
        ReferenceSummary reference = null;
        String referenceVersion = null;
        if (published != null && published.referenceProfile() != null) {
            reference = decode(published);
            referenceVersion = Integer.toString(published.version());
        } else if (learnedReference.value() != null) {
            reference = ReferenceSummary.fromBytes(learnedReference.value());
            referenceVersion = "learned";
        }
        if (reference == null) {
            learnFrom(start, acc);
            return DriftReportAssembler.withoutReference(key, model, start, end, acc);
        }
        Map<PerformanceMetric, Double> performance =
                acc.labelled() >= settings.minLabelledForPerformance()
                        ? acc.performance(settings.positiveLabel())
                        : Map.of();
        DriftReport.SchemaDrift schema =
                SchemaDriftRule.compare(reference.summary(), acc.summary());
        if (schema.severity() != io.driftline.events.Severity.NONE) {
            schemaDrifts.inc();
        }
        return DriftReportAssembler.assemble(
                key,
                model,
                start,
                end,
                acc,
                rule.evaluate(reference, acc.summary(), performance),
                referenceVersion,
                schema);
    }

    /** Adds a window to the reference being learned; non-overlapping windows only. */
    private void learnFrom(long start, WindowAccumulator acc) throws Exception {
        if (start % settings.windows().sizeMillis() != 0) {
            return;
        }
        WindowAccumulator collected = bootstrap.value();
        if (collected == null) {
            collected = new WindowAccumulator(settings.summary());
        }
        collected.merge(acc);
        int count = bootstrapCount.value() == null ? 1 : bootstrapCount.value() + 1;
        if (count < settings.bootstrapWindows()) {
            bootstrap.update(collected);
            bootstrapCount.update(count);
            return;
        }
        Map<String, Double> baseline = new HashMap<>();
        collected
                .performance(settings.positiveLabel())
                .forEach((metric, value) -> baseline.put(metric.wireName(), value));
        learnedReference.update(new ReferenceSummary(collected.summary(), baseline).toBytes());
        bootstrap.clear();
        bootstrapCount.clear();
        referencesLearned.inc();
    }

    private ReferenceSummary decode(ModelPublished published) {
        CachedReference cached = referenceCache.get(published.model());
        if (cached == null
                || cached.version() != published.version()
                || cached.publishedAt() != published.publishedAt()) {
            ReferenceSummary profile =
                    ReferenceSummary.fromEvent(published.referenceProfile(), settings.summary());
            cached = new CachedReference(published.version(), published.publishedAt(), profile);
            referenceCache.put(published.model(), cached);
        }
        return cached.profile();
    }

    @Override
    public void processBroadcastElement(
            ModelPublished published, Context ctx, Collector<DriftReport> out) throws Exception {
        BroadcastState<String, ModelPublished> references = ctx.getBroadcastState(REFERENCES);
        ModelPublished current = references.get(published.model());
        if (published.stage() == ModelStage.ARCHIVED
                && current != null
                && current.version() == published.version()) {
            // the production version was archived (the model retired or deleted): drop its
            // reference so broadcast state does not keep every model ever published
            references.remove(published.model());
            referenceCache.remove(published.model());
            return;
        }
        if (published.stage() != ModelStage.PRODUCTION || published.referenceProfile() == null) {
            return;
        }
        if (current != null
                && current.version() == published.version()
                && current.publishedAt() >= published.publishedAt()) {
            return; // the same version again (e.g. the registry snapshot at start)
        }
        references.put(published.model(), published);
        referenceCache.remove(published.model());
        // A new reference: the old error-rate history says nothing about the new model.
        ctx.applyToKeyedState(
                DETECTOR,
                (key, state) -> {
                    if (modelOf(key).equals(published.model())) {
                        state.clear();
                    }
                });
    }

    private record CachedReference(int version, long publishedAt, ReferenceSummary profile) {}
}
