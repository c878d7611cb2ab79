package io.driftline.operators.ingest;

import io.driftline.events.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Runs a sink's pre-flight check (e.g. the MongoDB sink's document check) on every record before
 * the sink sees it: a record the sink would refuse goes to {@link #DEAD_LETTERS} as {@code
 * processing: <stage>: <problem>} and is counted in {@code <counter>}, instead of failing the sink,
 * which would restart the job and replay the record forever.
 *
 * <p>{@code valid.process(new SinkCheckFunction<>(new MongoDocumentCheck<>(schema), "mongo-sink",
 * "driftline.feedback", "mongoDocumentsRefused"), EventTypeInfo.of(FeedbackEvent.class)); }
 *
 * @param <T> the record type the sink writes
 */
public final class SinkCheckFunction<T> extends ProcessFunction<T, T> {

    private static final long serialVersionUID = 1L;

    /** Side output of refused records; the same tag as the validation's. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    private final SerializableFunction<T, String> check;
    private final String stage;
    private final String sourceTopic;
    private final String counter;

    private transient Counter refused;

    /**
     * @param check null when the sink takes the record, else why it would refuse it
     * @param stage the stage named in the dead letter, e.g. {@code mongo-sink}
     * @param sourceTopic the topic the record came from, named in the dead letter
     * @param counter the metric counting refused records
     */
    public SinkCheckFunction(
            SerializableFunction<T, String> check,
            String stage,
            String sourceTopic,
            String counter) {
        this.check = check;
        this.stage = stage;
        this.sourceTopic = sourceTopic;
        this.counter = counter;
    }

    @Override
    public void open(OpenContext openContext) {
        refused = getRuntimeContext().getMetricGroup().counter(counter);
    }

    @Override
    public void processElement(T record, Context ctx, Collector<T> out) {
        String problem;
        try {
            problem = check.apply(record);
        } catch (RuntimeException e) {
            problem = DeadLetter.describe(e);
        }
        if (problem == null) {
            out.collect(record);
            return;
        }
        refused.inc();
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.processing(
                        sourceTopic,
                        stage,
                        record,
                        problem,
                        ctx.timerService().currentProcessingTime()));
    }
}
