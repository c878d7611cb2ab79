package io.driftline.operators.metrics;

import io.driftline.core.metrics.MetricAnomalyRules;
import io.driftline.core.metrics.MetricRule;
import io.driftline.core.metrics.SeriesBaseline;
import io.driftline.core.metrics.SeriesWindow;
import io.driftline.core.window.DriftReportAssembler;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.MetricSample;
import io.driftline.events.ReportKind;
import io.driftline.events.Severity;
import io.driftline.operators.ingest.EventValidationFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Watches a model's metric streams (inference latency, error counters, accuracy gauges, resource
 * use), keyed by the {@code model} label: each series is summarised per event-time window ({@link
 * SeriesWindow}: the mean of a gauge, the per-second rate of a {@code _total} counter) and judged
 * by {@link MetricAnomalyRules} against threshold rules and against its own trailing {@link
 * SeriesBaseline}. This function keeps the windows and baselines in keyed state, caps the series
 * per model and forgets idle ones.
 *
 * <p>The verdict is a {@link DriftReport} of kind {@code metric} (no reference): no feature
 * statistics, a detector signal per anomalous series, and a performance block for a broken
 * threshold — so the retrain policy treats a broken threshold as a performance reason (a baseline
 * anomaly alone as a drift reason) and the alerting raises {@code ModelMetricAnomaly}.
 */
public class MetricAnomalyFunction extends KeyedProcessFunction<String, MetricSample, DriftReport> {

    private static final long serialVersionUID = 1L;

    private final WindowSpec windows;
    private final MetricAnomalyRules rules;
    private final String sourceTopic;

    /**
     * Side output of samples and windows that failed here: {@code processing: metric-anomalies}.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    static final String STAGE = "metric-anomalies";

    private transient Counter processingFailures;

    // per "windowStart|series": a SeriesWindow array (see SeriesWindow for its layout)
    private transient MapState<String, double[]> windowStats;
    // per series: a SeriesBaseline array (see SeriesBaseline for its layout)
    private transient MapState<String, double[]> baselines;
    private transient Counter late;
    private transient ValueState<Integer> seriesCount;
    private transient Counter seriesDropped;

    /**
     * Most metric series one model keeps a baseline for; samples of further series are counted in
     * {@code metricSeriesDropped} and not kept, so labels with unbounded values (a request id as a
     * label) cannot grow state without bound.
     */
    public static final int MAX_SERIES_PER_MODEL = 1000;

    /** A series with no sample for this long (event time) loses its baseline: one day. */
    public static final long SERIES_IDLE_MILLIS = 24 * 3_600_000L;

    private transient Counter seriesExpired;
    private transient ValueState<Long> expiryCheckedAt;

    public MetricAnomalyFunction(
            WindowSpec windows, List<MetricRule> rules, int minBaselineWindows, double zThreshold) {
        this(windows, rules, minBaselineWindows, zThreshold, "driftline.metrics");
    }

    /**
     * @param sourceTopic the metrics topic, named in the dead letters of failed samples
     */
    public MetricAnomalyFunction(
            WindowSpec windows,
            List<MetricRule> rules,
            int minBaselineWindows,
            double zThreshold,
            String sourceTopic) {
        this.windows = windows;
        this.rules = new MetricAnomalyRules(rules, minBaselineWindows, zThreshold);
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        windowStats =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "metric-windows",
                                        StringSerializer.INSTANCE,
                                        DoublePrimitiveArraySerializer.INSTANCE));
        baselines =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "metric-baselines",
                                        StringSerializer.INSTANCE,
                                        DoublePrimitiveArraySerializer.INSTANCE));
        late = getRuntimeContext().getMetricGroup().counter("metricSamplesTooLate");
        processingFailures = getRuntimeContext().getMetricGroup().counter("processingFailures");
        seriesDropped = getRuntimeContext().getMetricGroup().counter("metricSeriesDropped");
        seriesExpired = getRuntimeContext().getMetricGroup().counter("metricSeriesExpired");
        expiryCheckedAt =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "series-expiry-checked-at", LongSerializer.INSTANCE));
        seriesCount =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>("series-count", IntSerializer.INSTANCE));
    }

    @Override
    public void processElement(MetricSample sample, Context ctx, Collector<DriftReport> out)
            throws Exception {
        try {
            observe(sample, ctx);
        } catch (RuntimeException e) {
            processingFailures.inc();
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.processing(
                            sourceTopic,
                            STAGE,
                            sample,
                            e,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private void observe(MetricSample sample, Context ctx) throws Exception {
        long start = windows.lastStart(sample.ts());
        if (windows.end(start) <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        String series = sample.seriesKey();
        if (!baselines.contains(series)) {
            int known = seriesCount.value() == null ? 0 : seriesCount.value();
            if (known >= MAX_SERIES_PER_MODEL) {
                // at most once per window of event time: make room by forgetting idle series
                long now = Math.max(ctx.timerService().currentWatermark(), sample.ts());
                Long checked = expiryCheckedAt.value();
                if (checked == null || now - checked >= windows.sizeMillis()) {
                    expiryCheckedAt.update(now);
                    forgetIdleSeries(now);
                    known = seriesCount.value() == null ? 0 : seriesCount.value();
                }
            }
            if (known >= MAX_SERIES_PER_MODEL) {
                seriesDropped.inc();
                return;
            }
            baselines.put(series, SeriesBaseline.unseen());
            seriesCount.update(known + 1);
        }
        String key = start + "|" + series;
        double[] state = windowStats.get(key);
        SeriesWindow window =
                state == null
                        ? SeriesWindow.start(sample.name(), sample.value(), sample.ts())
                        : SeriesWindow.of(state);
        window.add(sample.value(), sample.ts());
        windowStats.put(key, window.state());
        ctx.timerService().registerEventTimeTimer(windows.end(start) - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftReport> out)
            throws Exception {
        try {
            evaluate(timestamp, ctx, out);
        } catch (RuntimeException e) {
            processingFailures.inc();
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.processing(
                            sourceTopic,
                            STAGE,
                            "metric window of "
                                    + ctx.getCurrentKey()
                                    + " ending "
                                    + (timestamp + 1),
                            e,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private void evaluate(long timestamp, OnTimerContext ctx, Collector<DriftReport> out)
            throws Exception {
        long start = timestamp + 1 - windows.sizeMillis();
        String prefix = start + "|";
        List<String> done = new ArrayList<>();
        List<DriftReport.DetectorSignal> signals = new ArrayList<>();
        DriftReport.PerformanceDrift breach = null;
        long samples = 0;
        for (Map.Entry<String, double[]> e : windowStats.entries()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            done.add(e.getKey());
            String series = e.getKey().substring(prefix.length());
            SeriesWindow window = SeriesWindow.of(e.getValue());
            samples += window.count();
            SeriesBaseline baseline = SeriesBaseline.of(baselines.get(series));
            MetricAnomalyRules.Verdict verdict =
                    rules.evaluate(series, window, baseline, windows.end(start));
            signals.addAll(verdict.signals());
            if (breach == null) {
                breach = verdict.breach();
            }
            baselines.put(series, baseline.state());
        }
        for (String key : done) {
            windowStats.remove(key);
        }
        if (done.isEmpty()) {
            return;
        }
        String model = ctx.getCurrentKey();
        long end = windows.end(start);
        forgetIdleSeries(end);
        out.collect(
                DriftReportAssembler.finite(
                        new DriftReport(
                                DriftReportAssembler.metricReportId(model, end),
                                model,
                                null,
                                start,
                                end,
                                samples,
                                List.of(),
                                breach,
                                signals,
                                signals.isEmpty() ? Severity.NONE : Severity.DRIFT,
                                null,
                                null,
                                ReportKind.METRIC)));
    }

    /**
     * Drops the baselines of series not seen for {@link #SERIES_IDLE_MILLIS} of event time (a pod
     * that was replaced, a label value that went away), so the cap admits new series again.
     */
    private void forgetIdleSeries(long windowEnd) throws Exception {
        List<String> idle = new ArrayList<>();
        for (Map.Entry<String, double[]> e : baselines.entries()) {
            if (SeriesBaseline.of(e.getValue()).idleAt(windowEnd, SERIES_IDLE_MILLIS)) {
                idle.add(e.getKey());
            }
        }
        if (idle.isEmpty()) {
            return;
        }
        for (String series : idle) {
            baselines.remove(series);
        }
        int known = seriesCount.value() == null ? 0 : seriesCount.value();
        seriesCount.update(Math.max(0, known - idle.size()));
        seriesExpired.inc(idle.size());
    }
}
