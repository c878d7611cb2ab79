package io.driftline.operators.window;

import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.OutcomeJoinRecord;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DeadLetter;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.serialization.OutcomeJoinRecordSerializer;
import io.driftline.operators.serialization.SerializerTypeInfo;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The drift job's first window stage, chained to the edge (no shuffle before it): each subtask
 * summarises its share of every model's traffic per event-time window — sketches and frequency
 * maps, never raw events — and when the watermark passes a window's end sends its part as a {@link
 * WindowPartial}; {@link DriftDetectionFunction} merges the parts of a model's window and evaluates
 * it. One hot model so keeps every subtask busy, and the shuffle carries summaries, not events.
 *
 * <p><b>Outcomes.</b> A prediction with its {@code actual} is counted here at once (performance,
 * and the error stream's detector of this part). A prediction without one, and an outcome-only
 * event, go to the {@link #OUTCOME_JOIN} side output as a small {@link OutcomeJoinRecord}: keyed by
 * model and event id, {@link OutcomeJoinOperator} joins them and sends the outcomes' share of the
 * windows as parts of their own.
 *
 * <p>A prediction whose windows are all past their allowed lateness is dropped and counted ({@code
 * lateEventsDropped}); a late prediction within the lateness updates its window, whose part is sent
 * again. State: {@link WindowParts}, on the heap, union operator state in checkpoints.
 */
public class LocalWindowSummaryOperator extends WindowPartsOperator<FeedbackEvent> {

    private static final long serialVersionUID = 1L;

    /** Predictions waiting for their outcome, and outcome-only events, for the join. */
    public static final OutputTag<OutcomeJoinRecord> OUTCOME_JOIN =
            new OutputTag<>(
                    "outcome-join",
                    SerializerTypeInfo.of(
                            OutcomeJoinRecord.class, new OutcomeJoinRecordSerializer()));

    /** Side output of records that failed here: {@code processing: drift-detection}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    private final KeySelector<FeedbackEvent, String> windowKey;

    private transient Counter lateEvents;

    /**
     * @param sourceTopic the feedback topic, named in the dead letters of failed records
     * @param windowKey the window key of an event: its model, or {@code model|segment}
     */
    public LocalWindowSummaryOperator(
            DriftDetectionSettings settings,
            String sourceTopic,
            KeySelector<FeedbackEvent, String> windowKey) {
        super(settings, sourceTopic, "l", "window-parts");
        this.windowKey = windowKey;
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void open() throws Exception {
        super.open();
        lateEvents = getMetricGroup().counter("lateEventsDropped");
    }

    @Override
    protected void process(FeedbackEvent event) throws Exception {
        if (event.prediction() == null) {
            if (event.hasOutcome()) {
                output.collect(
                        OUTCOME_JOIN,
                        new StreamRecord<>(
                                OutcomeJoinRecord.outcome(
                                        event.model(), event.eventId(), event.actual()),
                                event.ts()));
            }
            return;
        }
        // what the prediction stands for: the class itself, or a score's decision
        FeatureValue predicted =
                catalog.forModel(event.model()).prediction().classOf(event.prediction());
        String key = windowKey.getKey(event);
        WindowParts.Part part =
                parts.own(key, getProcessingTimeService().getCurrentProcessingTime());
        idle.arm();
        WindowSpec spec = settings.windows();
        boolean counted = false;
        for (int i = 0; i < spec.windowsPerElement(); i++) {
            WindowAccumulator acc = parts.window(part, spec.start(event.ts(), i));
            if (acc != null) {
                acc.observe(
                        event.features(),
                        event.prediction(),
                        predicted,
                        event.actual(),
                        event.modelVersion());
                counted = true;
            }
        }
        if (!counted) {
            lateEvents.inc();
        } else if (event.hasOutcome()) {
            parts.observeError(part, event.modelVersion(), predicted, event.actual(), event.ts());
        } else {
            output.collect(
                    OUTCOME_JOIN,
                    new StreamRecord<>(
                            OutcomeJoinRecord.prediction(
                                    event.model(),
                                    event.eventId(),
                                    key,
                                    event.modelVersion(),
                                    event.ts(),
                                    predicted),
                            event.ts()));
        }
    }
}
