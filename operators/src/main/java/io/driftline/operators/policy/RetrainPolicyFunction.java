package io.driftline.operators.policy;

import io.driftline.core.policy.PolicyState;
import io.driftline.core.policy.RetrainPolicy;
import io.driftline.core.policy.RetrainPolicyConfig;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.operators.ingest.EventValidationFunction;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The trigger policy in the stream, keyed by model: drift reports on one input, the trainer's
 * status events ({@code driftline.retrain-status}) on the other, scheduled retrains from
 * processing-time timers. The decisions are {@link RetrainPolicy}'s.
 */
public class RetrainPolicyFunction
        extends KeyedCoProcessFunction<String, DriftReport, RetrainStatus, RetrainTrigger> {

    private static final long serialVersionUID = 1L;

    private final RetrainPolicyConfig config;

    /** Side output of reports and statuses that failed here: {@code processing: retrain-policy}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    static final String STAGE = "retrain-policy";

    private transient Counter processingFailures;
    private transient RetrainPolicy policy;

    /** The streak of the feature-drift reports (and the schedule, dedup and cooldown). */
    private transient ValueState<PolicyState> state;

    /** The streak of the metric-stream reports; dedup and cooldown are shared with the above. */
    private transient ValueState<PolicyState> metricState;

    private transient Counter triggers;

    public RetrainPolicyFunction(RetrainPolicyConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        policy = new RetrainPolicy(config);
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "retrain-policy", TypeInformation.of(PolicyState.class)));
        metricState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "retrain-policy-metrics",
                                        TypeInformation.of(PolicyState.class)));
        triggers = getRuntimeContext().getMetricGroup().counter("retrainTriggers");
        processingFailures = getRuntimeContext().getMetricGroup().counter("processingFailures");
    }

    private PolicyState current() throws Exception {
        PolicyState s = state.value();
        return s == null ? PolicyState.initial() : s;
    }

    @Override
    public void processElement1(DriftReport report, Context ctx, Collector<RetrainTrigger> out)
            throws Exception {
        try {
            onReport(report, ctx, out);
        } catch (RuntimeException e) {
            failed(ctx, "driftline.drift-reports", report, e);
        }
    }

    /** One odd record costs one dead letter ({@code processing: retrain-policy}), not a restart. */
    private void failed(Context ctx, String topic, Object record, RuntimeException e) {
        processingFailures.inc();
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.processing(
                        topic, STAGE, record, e, ctx.timerService().currentProcessingTime()));
    }

    private void onReport(DriftReport report, Context ctx, Collector<RetrainTrigger> out)
            throws Exception {
        PolicyState s = ensureSchedule(current(), ctx);
        boolean metrics = report.isMetricReport();
        PolicyState streak = metrics ? currentMetrics() : s;
        RetrainPolicy.Decision d = policy.onReport(streak, report);
        if (metrics) {
            metricState.update(d.state());
            d.trigger()
                    .ifPresent(
                            t -> {
                                try {
                                    state.update(
                                            s.withTriggerFromElsewhere(
                                                    t.triggerId(), report.windowEnd()));
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
        } else {
            state.update(d.state());
            if (d.trigger().isPresent() && metricState.value() != null) {
                metricState.update(
                        metricState
                                .value()
                                .withTriggerFromElsewhere(
                                        d.trigger().get().triggerId(), report.windowEnd()));
            }
        }
        d.trigger().ifPresent(t -> emit(t, out));
    }

    private PolicyState currentMetrics() throws Exception {
        PolicyState m = metricState.value();
        if (m == null) {
            PolicyState s = current();
            // start from the shared dedup and cooldown
            m =
                    new PolicyState(
                            0,
                            new String[0],
                            null,
                            Long.MIN_VALUE,
                            s.lastTriggerAt(),
                            s.activeTriggerId(),
                            s.activeSince(),
                            0);
        }
        return m;
    }

    @Override
    public void processElement2(RetrainStatus status, Context ctx, Collector<RetrainTrigger> out)
            throws Exception {
        try {
            onStatus(status, ctx);
        } catch (RuntimeException e) {
            failed(ctx, "driftline.retrain-status", status, e);
        }
    }

    private void onStatus(RetrainStatus status, Context ctx) throws Exception {
        state.update(policy.onStatus(ensureSchedule(current(), ctx), status));
        if (metricState.value() != null) {
            metricState.update(policy.onStatus(metricState.value(), status));
        }
    }

    /** Arms the schedule timer the first time a model with a schedule is seen. */
    private PolicyState ensureSchedule(PolicyState s, Context ctx) {
        Duration interval = config.schedules().get(ctx.getCurrentKey());
        if (interval == null || s.nextScheduledAt() != 0) {
            return s;
        }
        long at = ctx.timerService().currentProcessingTime() + interval.toMillis();
        ctx.timerService().registerProcessingTimeTimer(at);
        return s.withNextSchedule(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RetrainTrigger> out)
            throws Exception {
        PolicyState s = current();
        if (timestamp != s.nextScheduledAt()) {
            return; // a timer of an earlier schedule
        }
        long eventTime = Math.max(ctx.timerService().currentWatermark(), s.lastWindowEnd());
        RetrainPolicy.Decision d = policy.onSchedule(s, ctx.getCurrentKey(), timestamp, eventTime);
        if (d.state().nextScheduledAt() != 0) {
            ctx.timerService().registerProcessingTimeTimer(d.state().nextScheduledAt());
        }
        state.update(d.state());
        d.trigger().ifPresent(t -> emit(t, out));
    }

    private void emit(RetrainTrigger trigger, Collector<RetrainTrigger> out) {
        triggers.inc();
        out.collect(trigger);
    }
}
