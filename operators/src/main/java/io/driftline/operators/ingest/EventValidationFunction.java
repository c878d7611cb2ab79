package io.driftline.operators.ingest;

import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.MetricSample;
import io.driftline.events.ParseResult;
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

    private transient Counter valid;
    private transient Counter deadLettered;

    /**
     * @param type the event record class
     * @param name the metric prefix, e.g. {@code feedback} for {@code feedbackDeadLettered}
     */
    public EventValidationFunction(Class<T> type, String name, EventLimits limits) {
        this.type = type;
        this.name = name;
        this.limits = limits;
    }

    @Override
    public void open(OpenContext openContext) {
        valid = getRuntimeContext().getMetricGroup().counter(name + "Valid");
        deadLettered = getRuntimeContext().getMetricGroup().counter(name + "DeadLettered");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<T> out) {
        ParseResult<T> result = EventJson.parse(record.value(), type, limits);
        String reason = result.isValid() ? eventTimeProblem(result.value(), ctx) : result.reason();
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
    private String eventTimeProblem(T event, Context ctx) {
        long now = ctx.timerService().currentProcessingTime();
        if (event instanceof FeedbackEvent feedback) {
            return limits.checkEventTime(feedback.ts(), now);
        } else if (event instanceof MetricSample sample) {
            return limits.checkEventTime(sample.ts(), now);
        }
        return null;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return EventTypeInfo.of(type);
    }
}
