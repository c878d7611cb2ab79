package io.driftline.operators.window;

import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.OutcomeJoinRecord;
import io.driftline.core.window.WindowPartial;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ModelPublished;
import io.driftline.operators.serialization.EventJsonSerializer;
import io.driftline.operators.serialization.OutcomeJoinRecordSerializer;
import io.driftline.operators.serialization.WindowPartialSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * The drift job's window stages in test harnesses, wired as in the job: feedback into {@link
 * LocalWindowSummaryOperator}, its join records (copied through their serializer, as the network
 * does) keyed by model and event id into {@link OutcomeJoinOperator}, the window parts of both
 * (copied likewise) keyed by model into {@link DriftDetectionFunction}; watermarks go through all
 * three in order, published models to the last. One subtask each, so one part of each kind per
 * window.
 */
public final class DriftDetectionHarness implements AutoCloseable {

    private final OneInputStreamOperatorTestHarness<FeedbackEvent, WindowPartial> summaries;
    private final KeyedOneInputStreamOperatorTestHarness<Integer, OutcomeJoinRecord, WindowPartial>
            join;
    private final KeyedBroadcastOperatorTestHarness<
                    String, WindowPartial, ModelPublished, DriftReport>
            evaluation;
    private final OutcomeJoinRecordSerializer joinRecords = new OutcomeJoinRecordSerializer();

    public DriftDetectionHarness(DriftDetectionSettings settings) throws Exception {
        summaries =
                new OneInputStreamOperatorTestHarness<>(
                        new LocalWindowSummaryOperator(
                                settings, "driftline.feedback", FeedbackEvent::model),
                        1,
                        1,
                        0);
        summaries.setup(WindowPartialSerializer.INSTANCE);
        summaries.open();
        join =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OutcomeJoinOperator(settings, "driftline.feedback"),
                        (KeySelector<OutcomeJoinRecord, Integer>) OutcomeJoinOperator::bucketOf,
                        Types.INT,
                        1,
                        1,
                        0);
        join.setup(WindowPartialSerializer.INSTANCE);
        join.open();
        evaluation =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new DriftDetectionFunction(settings),
                                List.of(DriftDetectionFunction.REFERENCES)),
                        (KeySelector<WindowPartial, String>) WindowPartial::key,
                        Types.STRING,
                        1,
                        1,
                        0);
        evaluation.setup(new EventJsonSerializer<>(DriftReport.class));
        evaluation.open();
        // as in the job: the broadcast side never holds back event time
        evaluation.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    }

    public void processElement(FeedbackEvent event, long timestamp) throws Exception {
        summaries.processElement(event, timestamp);
        forward();
    }

    public void processWatermark(Watermark watermark) throws Exception {
        summaries.processWatermark(watermark);
        forward();
        join.processWatermark(watermark);
        forward();
        evaluation.processWatermark(watermark);
    }

    public void processBroadcastElement(ModelPublished published, long timestamp) throws Exception {
        evaluation.processBroadcastElement(published, timestamp);
    }

    /** Processing time of all stages. */
    public void setProcessingTime(long time) throws Exception {
        summaries.setProcessingTime(time);
        join.setProcessingTime(time);
        forward();
        evaluation.setProcessingTime(time);
    }

    /** The reports emitted so far. */
    public List<DriftReport> extractOutputValues() {
        return evaluation.extractOutputValues();
    }

    /** The dead letters of all stages, or null when there are none. */
    public ConcurrentLinkedQueue<StreamRecord<DeadLetter>> getSideOutput(
            OutputTag<DeadLetter> tag) {
        ConcurrentLinkedQueue<StreamRecord<DeadLetter>> all = new ConcurrentLinkedQueue<>();
        for (var queue :
                java.util.Arrays.asList(
                        summaries.getSideOutput(tag),
                        join.getSideOutput(tag),
                        evaluation.getSideOutput(tag))) {
            if (queue != null) {
                all.addAll(queue);
            }
        }
        return all.isEmpty() ? null : all;
    }

    public int numEventTimeTimers() {
        // the first stage is not keyed and has none: its windows close with the watermark
        return join.numEventTimeTimers() + evaluation.numEventTimeTimers();
    }

    /** Processing-time timers: the keyed ones of the join and the evaluation, the first stage's. */
    public int numProcessingTimeTimers() {
        return join.numProcessingTimeTimers()
                + evaluation.numProcessingTimeTimers()
                + summaries.getProcessingTimeService().getNumActiveTimers();
    }

    /** Bytes of a full snapshot of all stages. */
    public long snapshotSize(long checkpointId, long timestamp) throws Exception {
        return summaries.snapshot(checkpointId, timestamp).getStateSize()
                + join.snapshot(checkpointId, timestamp).getStateSize()
                + evaluation.snapshot(checkpointId, timestamp).getStateSize();
    }

    /** The evaluating stage's broadcast state. */
    public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor)
            throws Exception {
        return evaluation.getBroadcastState(descriptor);
    }

    /**
     * Hands the first stage's join records to the join, and both stages' window parts to the
     * evaluation, copied as the network would.
     */
    private void forward() throws Exception {
        Queue<StreamRecord<OutcomeJoinRecord>> records =
                summaries.getSideOutput(LocalWindowSummaryOperator.OUTCOME_JOIN);
        StreamRecord<OutcomeJoinRecord> record;
        while (records != null && (record = records.poll()) != null) {
            join.processElement(new StreamRecord<>(copy(record.getValue()), record.getTimestamp()));
        }
        for (StreamRecord<WindowPartial> part : parts(summaries)) {
            evaluation.processElement(part);
        }
        for (StreamRecord<WindowPartial> part : parts(join)) {
            evaluation.processElement(part);
        }
    }

    private OutcomeJoinRecord copy(OutcomeJoinRecord record) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        joinRecords.serialize(record, out);
        return joinRecords.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static List<StreamRecord<WindowPartial>> parts(
            AbstractStreamOperatorTestHarness<WindowPartial> stage) {
        List<StreamRecord<WindowPartial>> parts = new ArrayList<>();
        Object element;
        while ((element = stage.getOutput().poll()) != null) {
            if (element instanceof StreamRecord<?> record
                    && record.getValue() instanceof WindowPartial partial) {
                parts.add(
                        new StreamRecord<>(
                                WindowPartialSerializer.INSTANCE.copy(partial),
                                record.getTimestamp()));
            }
        }
        return parts;
    }

    @Override
    public void close() throws Exception {
        try {
            summaries.close();
            join.close();
        } finally {
            evaluation.close();
        }
    }
}
