package io.driftline.operators.ingest;

import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.MetricSample;
import io.driftline.events.ParseResult;
import io.driftline.events.RawRecord;
import io.driftline.operators.serialization.EventTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns raw Kafka records into Driftline events of one type. A record that does not parse or
 * validate, or whose event time lies outside the window the limits allow around processing time, is
 * not an error: it goes to the {@link #DEAD_LETTERS} side output with the reason and its original
 * bytes, and the {@code <name>DeadLettered} counter goes up ({@code <name>Valid} counts the rest).
 *
 * @param <T> the event record type
 */
public class EventValidationFunction<T> extends ProcessFunction<RawRecord, T>
        implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    /** Side output for records that failed validation. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final Class<T> type;
    private final String name;
    private final EventLimits limits;
    private final Check<T> check;

    private transient Counter valid;
    private transient Counter deadLettered;

    /**
     * @param type the event record class
     * @param name the metric prefix, e.g. {@code feedback} for {@code feedbackDeadLettered}
     */
    public EventValidationFunction(Class<T> type, String name, EventLimits limits) {
        this(type, name, limits, event -> null);
    }

    /**
     * @param check a further rule a parsed event must pass (e.g. a model update's reference profile
     *     must decode), applied before the event can reach any state
     */
    public EventValidationFunction(Class<T> type, String name, EventLimits limits, Check<T> check) {
        this.type = type;
        this.name = name;
        this.limits = limits;
        this.check = check;
    }

    /** A rule on a parsed event, beyond the contract's. */
    @FunctionalInterface
    public interface Check<T> extends java.io.Serializable {
        /** Null when the event passes, else the reason it is dead-lettered. */
        String problem(T event);
    }

    @Override
    public void open(OpenContext openContext) {
        valid = getRuntimeContext().getMetricGroup().counter(name + "Valid");
        deadLettered = getRuntimeContext().getMetricGroup().counter(name + "DeadLettered");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<T> out) {
        ParseResult<T> result = EventJson.parseOnce(record.value(), type, limits);
        String reason = result.isValid() ? problem(result.value(), ctx) : result.reason();
        if (reason == null) {
            valid.inc();
            out.collect(result.value());
        } else {
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
    }

    /**
     * Event time must lie near processing time ({@link EventLimits#checkEventTime}): one record
     * from year 3000 must not drag the watermark, and with it every model's windows, along.
     */
    private String problem(T event, Context ctx) {
        long now = ctx.timerService().currentProcessingTime();
        String reason = null;
        if (event instanceof FeedbackEvent feedback) {
            reason = limits.checkEventTime(feedback.ts(), now);
        } else if (event instanceof MetricSample sample) {
            reason = limits.checkEventTime(sample.ts(), now);
        }
        if (reason == null) {
            try {
                reason = check.problem(event);
            } catch (RuntimeException e) {
                reason = "unexpected error: " + e.getClass().getSimpleName();
            }
        }
        return reason;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return EventTypeInfo.of(type);
    }
}
