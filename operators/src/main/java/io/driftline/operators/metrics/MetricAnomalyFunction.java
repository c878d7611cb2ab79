package io.driftline.operators.metrics;

import io.driftline.core.metrics.MetricRule;
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
 * use), keyed by the {@code model} label: each series is summarised per event-time window (the mean
 * of a gauge, the per-second rate of a {@code _total} counter) and checked against threshold rules
 * and against its own trailing baseline (an exponentially weighted mean and variance of earlier
 * windows; a window more than {@code zThreshold} standard deviations away is an anomaly).
 *
 * <p>The verdict is a {@link DriftReport} of kind {@code metric} (no reference): no feature
 * statistics, a detector signal per anomalous series, and a performance block for a broken
 * threshold — so the retrain policy treats it as a performance reason and the alerting raises
 * {@code ModelMetricAnomaly}.
 */
public class MetricAnomalyFunction extends KeyedProcessFunction<String, MetricSample, DriftReport> {

    private static final long serialVersionUID = 1L;

    /** A baseline anomaly must also move the value by this share of the baseline mean. */
    static final double MIN_RELATIVE_CHANGE = 0.2;

    /** Marks a series whose first window has not closed yet. */
    private static final double UNSEEN = -1;

    /** Weight of the newest window in the trailing baseline. */
    static final double BASELINE_WEIGHT = 0.2;

    private final WindowSpec windows;
    private final List<MetricRule> rules;
    private final int minBaselineWindows;
    private final double zThreshold;
    private final String sourceTopic;

    /**
     * Side output of samples and windows that failed here: {@code processing: metric-anomalies}.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    static final String STAGE = "metric-anomalies";

    private transient Counter processingFailures;

    // per "windowStart|series": count, sum, first value, last value, first ts, last ts
    private transient MapState<String, double[]> windowStats;
    // per series: windows seen, mean, variance, end of the last window it had samples in
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
        this.rules = List.copyOf(rules);
        this.minBaselineWindows = minBaselineWindows;
        this.zThreshold = zThreshold;
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
            baselines.put(series, new double[] {UNSEEN, 0, 0});
            seriesCount.update(known + 1);
        }
        String key = start + "|" + series;
        double[] s = windowStats.get(key);
        if (s == null) {
            s =
                    new double[] {
                        0,
                        0,
                        sample.value(),
                        sample.value(),
                        sample.ts(),
                        sample.ts(),
                        sample.name().length()
                    };
        }
        s[0]++;
        s[1] = runningMean(s[1], sample.value(), s[0]);
        if (sample.ts() < s[4]) {
            s[2] = sample.value();
            s[4] = sample.ts();
        }
        if (sample.ts() >= s[5]) {
            s[3] = sample.value();
            s[5] = sample.ts();
        }
        windowStats.put(key, s);
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
            double[] s = e.getValue();
            samples += (long) s[0];
            String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            double value = value(name, s);
            for (MetricRule rule : rules) {
                if (rule.metric().equals(name) && rule.breachedBy(value)) {
                    signals.add(new DriftReport.DetectorSignal("threshold", series, "drift"));
                    if (breach == null) {
                        breach =
                                new DriftReport.PerformanceDrift(
                                        name,
                                        value,
                                        rule.threshold(),
                                        clamp(value - rule.threshold()),
                                        Severity.DRIFT);
                    }
                }
            }
            double[] b = baselines.get(series);
            if (b == null || b[0] == UNSEEN) {
                b = new double[] {0, value, 0, 0};
            } else if (b[0] >= minBaselineWindows) {
                double z = Math.abs(value - b[1]) / Math.sqrt(b[2] + 1e-12 + 1e-6 * b[1] * b[1]);
                // both unusual for this series and a change that matters: a steady gauge has a tiny
                // variance, so z alone flags harmless wobbles
                if (z > zThreshold
                        && Math.abs(value - b[1]) > MIN_RELATIVE_CHANGE * Math.abs(b[1])) {
                    signals.add(new DriftReport.DetectorSignal("baseline", series, "drift"));
                }
            }
            double delta = value / 2 - b[1] / 2;
            b[1] = clamp(b[1] + 2 * BASELINE_WEIGHT * delta);
            b[2] = clamp((1 - BASELINE_WEIGHT) * (b[2] + BASELINE_WEIGHT * 4 * delta * delta));
            b[0]++;
            if (b.length < 4) {
                b = java.util.Arrays.copyOf(b, 4); // a baseline from before last-seen was kept
            }
            b[3] = windows.end(start);
            baselines.put(series, b);
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
     * The mean after adding {@code value} as the {@code n}-th sample, without overflow: halves keep
     * {@code value - mean} finite for any two finite doubles (-1e308 after 1e308 included).
     */
    static double runningMean(double mean, double value, double n) {
        double next = mean + 2 * ((value / 2 - mean / 2) / n);
        return clamp(next);
    }

    /** Finite: an infinity becomes the largest double of its sign; NaN stays NaN. */
    static double clamp(double x) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, x));
    }

    /**
     * Drops the baselines of series not seen for {@link #SERIES_IDLE_MILLIS} of event time (a pod
     * that was replaced, a label value that went away), so the cap admits new series again.
     */
    private void forgetIdleSeries(long windowEnd) throws Exception {
        List<String> idle = new ArrayList<>();
        for (Map.Entry<String, double[]> e : baselines.entries()) {
            double[] b = e.getValue();
            if (b[0] != UNSEEN && b.length >= 4 && windowEnd - b[3] > SERIES_IDLE_MILLIS) {
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

    /** A counter's per-second rate over the window, or a gauge's mean; always finite. */
    static double value(String name, double[] s) {
        if (name.endsWith("_total")) {
            double seconds = Math.max(1e-3, (s[5] - s[4]) / 1000.0);
            return s[0] < 2 ? 0 : clamp(Math.max(0, s[3] / 2 - s[2] / 2) * 2 / seconds);
        }
        return s[1];
    }
}
