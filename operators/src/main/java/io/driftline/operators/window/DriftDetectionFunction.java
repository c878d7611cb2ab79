package io.driftline.operators.window;

import io.driftline.core.decision.DriftDecisionRule;
import io.driftline.core.decision.SchemaDriftRule;
import io.driftline.core.performance.PerformanceMetric;
import io.driftline.core.profile.ReferenceSummary;
import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.DriftReportAssembler;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowPartial;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.serialization.EventJsonSerializer;
import io.driftline.operators.serialization.WindowAccumulatorSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 * The heart of DriftDetectionJob, its evaluating window stage: per model (and segment, when
 * configured) it merges the parts of each event-time window that {@link LocalWindowSummaryOperator}
 * summarised on every subtask (and {@link OutcomeJoinOperator} added late outcomes to), and when
 * the watermark passes the window's end evaluates the whole window against the model's reference
 * profile and emits a {@link DriftReport}. A part sent again (a late outcome changed it) replaces
 * the earlier one and the report is emitted again with the same id.
 *
 * <p>References come from the broadcast stream of published models (and the registry at start); a
 * model with none learns one from its first {@code bootstrapWindows} windows. A newly published
 * production version (or a rollback) replaces the reference at once.
 */
public class DriftDetectionFunction
        extends KeyedBroadcastProcessFunction<String, WindowPartial, ModelPublished, DriftReport> {

    private static final long serialVersionUID = 1L;

    /** Broadcast state: the production version of each model, by model name. */
    public static final MapStateDescriptor<String, ModelPublished> REFERENCES =
            new MapStateDescriptor<>(
                    "production-references",
                    StringSerializer.INSTANCE,
                    new EventJsonSerializer<>(ModelPublished.class));

    /** Side output of records and windows that failed here: {@code processing: drift-detection}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    static final String STAGE = "drift-detection";

    private final DriftDetectionSettings settings;

    /** The parts of the windows in flight, by {@code windowStart/part}. */
    private transient MapState<String, WindowAccumulator> parts;

    private transient ValueState<byte[]> learnedReference;
    private transient ValueState<WindowAccumulator> bootstrap;
    private transient ValueState<Integer> bootstrapCount;
    private transient ValueState<Long> lastSeen;
    private transient Counter idleKeysExpired;
    private transient Counter featureValuesDropped;
    private transient CatalogWatch catalog;
    private transient Map<String, CachedReference> referenceCache;

    private transient Counter reports;
    private transient Counter latePartials;
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
        parts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "window-parts",
                                        StringSerializer.INSTANCE,
                                        WindowAccumulatorSerializer.INSTANCE));
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
        catalog =
                new CatalogWatch(
                        settings.catalog(),
                        getRuntimeContext().getMetricGroup(),
                        getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
        referenceCache = new HashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        reports = metrics.counter("driftReports");
        latePartials = metrics.counter("latePartialsDropped");
        referencesLearned = metrics.counter("referencesLearned");
        processingFailures = metrics.counter("processingFailures");
        schemaDrifts = metrics.counter("schemaDriftWindows");
        idleKeysExpired = metrics.counter("idleKeysExpired");
        featureValuesDropped = metrics.counter("featureValuesDropped");
    }

    @Override
    public void processElement(
            WindowPartial partial, ReadOnlyContext ctx, Collector<DriftReport> out)
            throws Exception {
        touch(ctx);
        WindowSpec spec = settings.windows();
        long start = partial.windowStart();
        if (spec.cleanupTime(start) <= ctx.timerService().currentWatermark()) {
            latePartials
                    .inc(); // a part changed after its window closed (e.g. an idle subtask woke up)
            return;
        }
        parts.put(start + "/" + partial.part(), partial.accumulator());
        // fires again if the window was already evaluated: its report is updated
        ctx.timerService().registerEventTimeTimer(spec.end(start) - 1);
        ctx.timerService().registerEventTimeTimer(spec.cleanupTime(start));
    }

    /**
     * Notes that the key is alive. A key that receives nothing for {@code idleStateTtl} loses its
     * learned reference (it learns again if it comes back): models and segments come and go, state
     * must not grow with every name ever seen. Activity is kept to the hour (rounded up, so a key
     * never expires early), which makes this one state read per event and a write once an hour; one
     * processing-time timer per key, re-armed when it fires on a key still alive, does the expiry
     * (Flink's state TTL would clean up on every access instead).
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

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftReport> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            Long seen = lastSeen.value();
            if (seen == null) {
                return; // the key expired already
            }
            long ttl = settings.idleStateTtl().toMillis();
            if (timestamp - seen < ttl) {
                ctx.timerService().registerProcessingTimeTimer(seen + ttl); // still alive
                return;
            }
            learnedReference.clear();
            bootstrap.clear();
            bootstrapCount.clear();
            lastSeen.clear();
            idleKeysExpired.inc();
            return;
        }
        WindowSpec spec = settings.windows();
        // the parts of each window, merged into the whole window
        Map<Long, WindowAccumulator> whole = new TreeMap<>();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, WindowAccumulator> e : parts.entries()) {
            long start = Long.parseLong(e.getKey().substring(0, e.getKey().indexOf('/')));
            if (spec.end(start) - 1 == timestamp) {
                whole.computeIfAbsent(start, s -> new WindowAccumulator(settings.summary()))
                        .merge(e.getValue());
            }
            if (spec.cleanupTime(start) <= timestamp) {
                expired.add(e.getKey());
            }
        }
        for (Map.Entry<Long, WindowAccumulator> e : whole.entrySet()) {
            long start = e.getKey();
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
        for (String part : expired) {
            parts.remove(part);
        }
    }

    private DriftReport evaluate(String key, long start, WindowAccumulator acc, OnTimerContext ctx)
            throws Exception {
        String model = modelOf(key);
        long end = settings.windows().end(start);
        catalog.refresh(ctx.timerService().currentProcessingTime());
        DriftDecisionRule rule = new DriftDecisionRule(catalog.forModel(model).decision());
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
        applyPublished(ctx.getBroadcastState(REFERENCES), published);
        referenceCache.remove(published.model());
    }

    /**
     * Keeps the production version of each model in {@code references}: a newer production version
     * (or a rollback, published again later) replaces it, the archived production version is
     * dropped (the model retired or deleted, so broadcast state does not keep every model ever
     * published), anything else is ignored.
     *
     * @return whether {@code published} became the model's reference
     */
    static boolean applyPublished(
            BroadcastState<String, ModelPublished> references, ModelPublished published)
            throws Exception {
        ModelPublished current = references.get(published.model());
        if (published.stage() == ModelStage.ARCHIVED
                && current != null
                && current.version() == published.version()) {
            references.remove(published.model());
            return false;
        }
        if (published.stage() != ModelStage.PRODUCTION || published.referenceProfile() == null) {
            return false;
        }
        if (current != null
                && current.version() == published.version()
                && current.publishedAt() >= published.publishedAt()) {
            return false; // the same version again (e.g. the registry snapshot at start)
        }
        references.put(published.model(), published);
        return true;
    }

    /** The model of a window key: {@code model} or {@code model|segment}. */
    static String modelOf(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }

    private record CachedReference(int version, long publishedAt, ReferenceSummary profile) {}
}
