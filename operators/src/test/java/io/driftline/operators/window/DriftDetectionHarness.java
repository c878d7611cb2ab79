package io.driftline.operators.window;

import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.WindowPartial;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ModelPublished;
import io.driftline.operators.serialization.EventJsonSerializer;
import io.driftline.operators.serialization.WindowPartialSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * The drift job's two window stages in test harnesses, wired as in the job: feedback keyed by
 * spread key into {@link WindowSummaryFunction}, its window parts (copied through their serializer,
 * as the network does) keyed by model into {@link DriftDetectionFunction}; watermarks and published
 * models go to both. One subtask each, so one part per window.
 */
public final class DriftDetectionHarness implements AutoCloseable {

    private final KeyedBroadcastOperatorTestHarness<
                    String, FeedbackEvent, ModelPublished, WindowPartial>
            summaries;
    private final KeyedBroadcastOperatorTestHarness<
                    String, WindowPartial, ModelPublished, DriftReport>
            evaluation;

    public DriftDetectionHarness(DriftDetectionSettings settings) throws Exception {
        SpreadKeys spread = new SpreadKeys(1, 1);
        summaries =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new WindowSummaryFunction(settings, "driftline.feedback"),
                                List.of(DriftDetectionFunction.REFERENCES)),
                        (KeySelector<FeedbackEvent, String>)
                                e -> spread.key(e.model(), e.eventId()),
                        Types.STRING,
                        1,
                        1,
                        0);
        summaries.setup(WindowPartialSerializer.INSTANCE);
        summaries.open();
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
        summaries.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        evaluation.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    }

    public void processElement(FeedbackEvent event, long timestamp) throws Exception {
        summaries.processElement(event, timestamp);
        forward();
    }

    public void processWatermark(Watermark watermark) throws Exception {
        summaries.processWatermark(watermark);
        forward();
        evaluation.processWatermark(watermark);
    }

    public void processBroadcastElement(ModelPublished published, long timestamp) throws Exception {
        summaries.processBroadcastElement(published, timestamp);
        evaluation.processBroadcastElement(published, timestamp);
    }

    public void setProcessingTime(long time) throws Exception {
        summaries.setProcessingTime(time);
        forward();
        evaluation.setProcessingTime(time);
    }

    /** The reports emitted so far. */
    public List<DriftReport> extractOutputValues() {
        return evaluation.extractOutputValues();
    }

    /** The dead letters of both stages, or null when there are none. */
    public ConcurrentLinkedQueue<StreamRecord<DeadLetter>> getSideOutput(
            OutputTag<DeadLetter> tag) {
        ConcurrentLinkedQueue<StreamRecord<DeadLetter>> all = new ConcurrentLinkedQueue<>();
        for (var queue :
                java.util.Arrays.asList(
                        summaries.getSideOutput(tag), evaluation.getSideOutput(tag))) {
            if (queue != null) {
                all.addAll(queue);
            }
        }
        return all.isEmpty() ? null : all;
    }

    public int numEventTimeTimers() {
        return summaries.numEventTimeTimers() + evaluation.numEventTimeTimers();
    }

    public int numProcessingTimeTimers() {
        return summaries.numProcessingTimeTimers() + evaluation.numProcessingTimeTimers();
    }

    /** Bytes of a full snapshot of both stages. */
    public long snapshotSize(long checkpointId, long timestamp) throws Exception {
        return summaries.snapshot(checkpointId, timestamp).getStateSize()
                + evaluation.snapshot(checkpointId, timestamp).getStateSize();
    }

    /** The evaluating stage's broadcast state. */
    public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor)
            throws Exception {
        return evaluation.getBroadcastState(descriptor);
    }

    /** Hands the first stage's window parts to the second, copied as the network would. */
    private void forward() throws Exception {
        List<StreamRecord<WindowPartial>> parts = new ArrayList<>();
        Object element;
        while ((element = summaries.getOutput().poll()) != null) {
            if (element instanceof StreamRecord<?> record
                    && record.getValue() instanceof WindowPartial partial) {
                parts.add(
                        new StreamRecord<>(
                                WindowPartialSerializer.INSTANCE.copy(partial),
                                record.getTimestamp()));
            }
        }
        for (StreamRecord<WindowPartial> part : parts) {
            evaluation.processElement(part);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            summaries.close();
        } finally {
            evaluation.close();
        }
    }
}
