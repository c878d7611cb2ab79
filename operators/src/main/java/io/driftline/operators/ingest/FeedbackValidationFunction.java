package io.driftline.operators.ingest;

import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ParseResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns raw {@code driftline.feedback} records into {@link FeedbackEvent}s. A record that does not
 * parse or validate is not an error: it goes to the {@link #DEAD_LETTERS} side output with the
 * reason and its original bytes, and the {@code feedbackDeadLettered} counter goes up.
 */
public class FeedbackValidationFunction extends ProcessFunction<RawRecord, FeedbackEvent> {

    private static final long serialVersionUID = 1L;

    /** Side output for records that failed validation. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final EventLimits limits;

    private transient Counter valid;
    private transient Counter deadLettered;

    public FeedbackValidationFunction(EventLimits limits) {
        this.limits = limits;
    }

    @Override
    public void open(OpenContext openContext) {
        valid = getRuntimeContext().getMetricGroup().counter("feedbackValid");
        deadLettered = getRuntimeContext().getMetricGroup().counter("feedbackDeadLettered");
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<FeedbackEvent> out) {
        ParseResult<FeedbackEvent> result = EventJson.parseFeedback(record.value(), limits);
        if (result.isValid()) {
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
                            result.reason(),
                            ctx.timerService().currentProcessingTime()));
        }
    }
}
