package io.driftline.operators.alerting;

import io.driftline.core.alert.AlertTimeline;
import io.driftline.core.alert.DriftAlertRules;
import io.driftline.events.Alert;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.operators.ingest.EventValidationFunction;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns a model's drift reports into alerts, keyed by model, with {@link DriftAlertRules}: the
 * rules' per-model {@link AlertTimeline} lives in keyed state, and a healthy model keeps none.
 */
public class DriftAlertFunction extends KeyedProcessFunction<String, DriftReport, Alert> {

    private static final long serialVersionUID = 1L;

    private final DriftAlertRules rules;

    private transient ValueState<Long> lastWindowEnd;
    private transient ValueState<Long> driftSince;
    private transient ValueState<Long> degradedSince;
    private transient ValueState<Long> anomalySince;
    private transient ValueState<Long> schemaSince;
    private transient Counter processingFailures;

    /** Side output of reports that failed here: {@code processing: drift-alerts}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    public DriftAlertFunction(String runbookBaseUrl) {
        this.rules = new DriftAlertRules(runbookBaseUrl);
    }

    @Override
    public void open(OpenContext openContext) {
        lastWindowEnd = state("last-window-end");
        driftSince = state("drift-since");
        degradedSince = state("degraded-since");
        anomalySince = state("metric-anomaly-since");
        schemaSince = state("schema-drift-since");
        processingFailures = getRuntimeContext().getMetricGroup().counter("processingFailures");
    }

    private ValueState<Long> state(String name) {
        return getRuntimeContext()
                .getState(new ValueStateDescriptor<>(name, LongSerializer.INSTANCE));
    }

    @Override
    public void processElement(DriftReport report, Context ctx, Collector<Alert> out)
            throws Exception {
        try {
            onReport(report, out);
        } catch (RuntimeException e) {
            // one odd report costs one dead letter (processing: drift-alerts), not a restart
            processingFailures.inc();
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.processing(
                            "driftline.drift-reports",
                            "drift-alerts",
                            report,
                            e,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private void onReport(DriftReport report, Collector<Alert> out) throws Exception {
        Long last = lastWindowEnd.value();
        Long drift = driftSince.value();
        Long degraded = degradedSince.value();
        Long anomaly = anomalySince.value();
        Long schema = schemaSince.value();
        AlertTimeline timeline = new AlertTimeline(last, drift, degraded, anomaly, schema);
        for (Alert alert : rules.onReport(report, timeline)) {
            out.collect(alert);
        }
        store(lastWindowEnd, last, timeline.lastWindowEnd());
        store(driftSince, drift, timeline.driftSince());
        store(degradedSince, degraded, timeline.degradedSince());
        store(anomalySince, anomaly, timeline.anomalySince());
        store(schemaSince, schema, timeline.schemaSince());
    }

    /** Writes what the rules changed, and only that. */
    private static void store(ValueState<Long> state, Long before, Long after) throws Exception {
        if (Objects.equals(before, after)) {
            return;
        }
        if (after == null) {
            state.clear();
        } else {
            state.update(after);
        }
    }
}
