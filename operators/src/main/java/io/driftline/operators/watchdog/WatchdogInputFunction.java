package io.driftline.operators.watchdog;

import io.driftline.core.watchdog.WatchdogEvent;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.ParseResult;
import io.driftline.events.RawRecord;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerStatus;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses the watchdog's raw inputs by topic — retrain statuses, retrain triggers, drift reports —
 * into {@link WatchdogEvent}s. A record that does not parse or validate goes to {@link
 * #DEAD_LETTERS} with the reason and its original bytes, and {@code watchdogDeadLettered} goes up.
 */
public class WatchdogInputFunction extends ProcessFunction<RawRecord, WatchdogEvent> {

    private static final long serialVersionUID = 1L;

    /** Side output for records that failed validation. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("watchdog-dead-letters", TypeInformation.of(DeadLetter.class));

    private final String statusTopic;
    private final String triggersTopic;
    private final String reportsTopic;
    private final EventLimits limits;

    private transient Counter deadLettered;

    public WatchdogInputFunction(
            String statusTopic, String triggersTopic, String reportsTopic, EventLimits limits) {
        this.statusTopic = Objects.requireNonNull(statusTopic, "statusTopic");
        this.triggersTopic = Objects.requireNonNull(triggersTopic, "triggersTopic");
        this.reportsTopic = Objects.requireNonNull(reportsTopic, "reportsTopic");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void open(OpenContext openContext) {
        deadLettered = getRuntimeContext().getMetricGroup().counter("watchdogDeadLettered");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<WatchdogEvent> out) {
        String reason;
        if (statusTopic.equals(record.topic())) {
            ParseResult<RetrainStatus> r = EventJson.parseRetrainStatus(record.value(), limits);
            if (r.isValid()) {
                out.collect(fromStatus(r.value()));
                return;
            }
            reason = r.reason();
        } else if (triggersTopic.equals(record.topic())) {
            ParseResult<RetrainTrigger> r = EventJson.parseRetrainTrigger(record.value(), limits);
            if (r.isValid()) {
                out.collect(fromTrigger(r.value()));
                return;
            }
            reason = r.reason();
        } else if (reportsTopic.equals(record.topic())) {
            ParseResult<DriftReport> r = EventJson.parseDriftReport(record.value(), limits);
            if (r.isValid()) {
                out.collect(fromReport(r.value()));
                return;
            }
            reason = r.reason();
        } else {
            reason = "invalid value: topic (not a watchdog input)";
        }
        deadLettered.inc();
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.of(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.value(),
                        reason,
                        ctx.timerService().currentProcessingTime()));
    }

    static WatchdogEvent fromStatus(RetrainStatus s) {
        WatchdogEvent.Kind kind =
                s.to() == TriggerStatus.PENDING && s.from() == null
                        ? WatchdogEvent.Kind.CREATED
                        : kindOf(s.to());
        return new WatchdogEvent(s.model(), kind, s.triggerId(), s.ts(), s.error(), s.attempts());
    }

    static WatchdogEvent fromTrigger(RetrainTrigger t) {
        WatchdogEvent.Kind kind =
                t.status() == TriggerStatus.PENDING
                        ? WatchdogEvent.Kind.CREATED
                        : kindOf(t.status());
        long ts =
                switch (t.status()) {
                    case PENDING -> t.triggeredAt();
                    case RUNNING -> t.startedAt() != null ? t.startedAt() : t.triggeredAt();
                    default -> t.completedAt() != null ? t.completedAt() : t.triggeredAt();
                };
        return new WatchdogEvent(t.model(), kind, t.triggerId(), ts, t.error(), t.attempts());
    }

    static WatchdogEvent fromReport(DriftReport r) {
        WatchdogEvent.Kind kind =
                r.severity() == Severity.DRIFT
                        ? WatchdogEvent.Kind.DRIFT
                        : WatchdogEvent.Kind.NO_DRIFT;
        return new WatchdogEvent(r.model(), kind, null, r.windowEnd(), r.reportId(), 0);
    }

    private static WatchdogEvent.Kind kindOf(TriggerStatus status) {
        return switch (status) {
            case RUNNING -> WatchdogEvent.Kind.RUNNING;
            case COMPLETED -> WatchdogEvent.Kind.COMPLETED;
            case FAILED -> WatchdogEvent.Kind.FAILED;
            case PENDING, REJECTED, RESOLVED_MANUALLY -> WatchdogEvent.Kind.ENDED;
        };
    }
}
