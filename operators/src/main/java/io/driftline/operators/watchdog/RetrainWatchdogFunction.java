package io.driftline.operators.watchdog;

import io.driftline.core.watchdog.ModelWatch;
import io.driftline.core.watchdog.RetrainWatchdog;
import io.driftline.core.watchdog.WatchdogConfig;
import io.driftline.core.watchdog.WatchdogEvent;
import io.driftline.events.Alert;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The retrain watchdog on Flink, keyed by model: applies {@link RetrainWatchdog} to each {@link
 * WatchdogEvent} and to processing-time timers, emits its alerts, keeps one timer per model at the
 * next deadline, and clears the model's state and timer when nothing is pending.
 */
public class RetrainWatchdogFunction extends KeyedProcessFunction<String, WatchdogEvent, Alert> {

    private static final long serialVersionUID = 1L;

    private final WatchdogConfig config;

    private transient RetrainWatchdog watchdog;
    private transient ValueState<ModelWatch> watch;
    private transient ValueState<Long> timer;
    private transient Counter fired;
    private transient Counter resolved;

    public RetrainWatchdogFunction(WatchdogConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void open(OpenContext openContext) {
        watchdog = new RetrainWatchdog(config);
        watch =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "model-watch", TypeInformation.of(ModelWatch.class)));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("wake-up", Types.LONG));
        fired = getRuntimeContext().getMetricGroup().counter("watchdogAlertsFired");
        resolved = getRuntimeContext().getMetricGroup().counter("watchdogAlertsResolved");
    }

    @Override
    public void processElement(WatchdogEvent event, Context ctx, Collector<Alert> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        apply(watchdog.onEvent(watch.value(), event, now), ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        timer.clear(); // this timer has fired
        long now = Math.max(timestamp, ctx.timerService().currentProcessingTime());
        apply(watchdog.onTime(watch.value(), ctx.getCurrentKey(), now), ctx, out);
    }

    private void apply(RetrainWatchdog.Step step, Context ctx, Collector<Alert> out)
            throws Exception {
        for (Alert alert : step.alerts()) {
            (alert.resolved() ? resolved : fired).inc();
            out.collect(alert);
        }
        Long registered = timer.value();
        Long next = step.state() == null ? null : step.wakeUpAt();
        if (registered != null && !registered.equals(next)) {
            ctx.timerService().deleteProcessingTimeTimer(registered);
            timer.clear();
        }
        if (next != null && !next.equals(registered)) {
            ctx.timerService().registerProcessingTimeTimer(next);
            timer.update(next);
        }
        if (step.state() == null) {
            watch.clear();
        } else {
            watch.update(step.state());
        }
    }
}
