package io.driftline.operators.window;

import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.WindowPartial;
import io.driftline.events.DeadLetter;
import io.driftline.operators.ingest.EventValidationFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * What the drift job's two part-producing window stages share: their {@link WindowParts} (heap,
 * union operator state, restored by part ownership), the idle sweep, and the sending of parts — at
 * the watermark, before it goes on, so the evaluating stage has every part when it fires, and at
 * once when the stage goes idle (its inputs quiet), since the other subtasks then move event time
 * on without it and a part held back would arrive after its window was evaluated or closed.
 *
 * @param <IN> the stage's input
 */
abstract class WindowPartsOperator<IN> extends AbstractStreamOperator<WindowPartial>
        implements OneInputStreamOperator<IN, WindowPartial> {

    private static final long serialVersionUID = 1L;

    protected final DriftDetectionSettings settings;

    /** The model catalog in force on this subtask. */
    protected transient CatalogWatch catalog;

    private final String sourceTopic;
    private final String partPrefix;
    private final String stateName;

    protected transient WindowParts parts;
    protected transient IdleExpiry idle;
    private transient ListState<byte[]> checkpointed;
    private transient Counter processingFailures;

    /**
     * @param sourceTopic the feedback topic, named in the dead letters of failed records
     * @param partPrefix names this stage's parts ({@code l}, {@code o})
     * @param stateName the operator state the parts are checkpointed in
     */
    WindowPartsOperator(
            DriftDetectionSettings settings,
            String sourceTopic,
            String partPrefix,
            String stateName) {
        this.settings = settings;
        this.sourceTopic = sourceTopic;
        this.partPrefix = partPrefix;
        this.stateName = stateName;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        var task = getRuntimeContext().getTaskInfo();
        parts =
                new WindowParts(
                        settings.windows(),
                        settings.summary(),
                        partPrefix,
                        task.getIndexOfThisSubtask());
        checkpointed =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        stateName, BytePrimitiveArraySerializer.INSTANCE));
        if (context.isRestored()) {
            parts.restore(
                    checkpointed.get(),
                    task.getIndexOfThisSubtask(),
                    task.getNumberOfParallelSubtasks());
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        var metrics = getMetricGroup();
        processingFailures = metrics.counter("processingFailures");
        catalog = new CatalogWatch(settings.catalog(), metrics, getOperatorName());
        idle =
                new IdleExpiry(
                        getProcessingTimeService(),
                        parts,
                        settings.idleStateTtl().toMillis(),
                        metrics.counter("idleKeysExpired"));
        idle.arm();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointed.update(parts.snapshot());
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        IN record = element.getValue();
        try {
            process(record);
        } catch (RuntimeException e) {
            // a record that passed validation and still failed: one dead letter, not a restart
            processingFailures.inc();
            output.collect(
                    EventValidationFunction.DEAD_LETTERS,
                    new StreamRecord<>(
                            DeadLetter.processing(
                                    sourceTopic,
                                    DriftDetectionFunction.STAGE,
                                    record,
                                    e,
                                    getProcessingTimeService().getCurrentProcessingTime())));
        }
    }

    /** Handles one record; a runtime exception makes it a dead letter. */
    protected abstract void process(IN record) throws Exception;

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        catalog.refresh(getProcessingTimeService().getCurrentProcessingTime());
        parts.flush(mark.getTimestamp(), this::send);
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            parts.flushChanged(this::send);
        }
        super.processWatermarkStatus(status);
    }

    private void send(WindowPartial partial) {
        output.collect(
                new StreamRecord<>(partial, settings.windows().end(partial.windowStart()) - 1));
    }

    /** The parts held, for tests. */
    WindowParts parts() {
        return parts;
    }
}
