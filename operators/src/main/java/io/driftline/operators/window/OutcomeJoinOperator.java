package io.driftline.operators.window;

import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.OutcomeJoinRecord;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowPartial;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DeadLetter;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.serialization.OutcomeJoinRecordSerializer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The outcome join of the drift job, keyed by model and event id ({@link
 * OutcomeJoinRecord#joinKey}): a prediction without its outcome waits here (its key, version, time
 * and prediction; no features) for up to {@code pendingOutcomeTtl} of processing time; an
 * outcome-only event with the same id counts toward the window(s) of the prediction — label
 * distribution, performance and the error stream's detector — if the window is still within its
 * allowed lateness. The outcomes' share of each window is a part of its own ({@link WindowParts},
 * parts {@code o<subtask>}), sent when the watermark passes the window's end and again whenever a
 * later outcome changed it, so {@link DriftDetectionFunction} emits the window's report again with
 * the same id.
 *
 * <p>One state entry per pending prediction, keyed by its own id: finding it is O(1) however many
 * are pending, and Flink's state TTL (processing time, set on write) drops the ones whose outcome
 * never came — incrementally on the heap backend (a few entries per access), in compaction on
 * RocksDB, and never written to a full snapshot. Outcomes whose window's lateness has passed are
 * counted in {@code outcomesTooLate}, outcomes with no known (or no longer kept) prediction in
 * {@code outcomesUnmatched}; both are in {@code ml_feedback} all the same.
 */
public class OutcomeJoinOperator extends AbstractStreamOperator<WindowPartial>
        implements OneInputStreamOperator<OutcomeJoinRecord, WindowPartial> {

    private static final long serialVersionUID = 1L;

    /** Side output of records that failed here: {@code processing: drift-detection}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    /**
     * Entries the heap backend's TTL cleanup checks per state access (more than one is written).
     */
    private static final int CLEANUP_ENTRIES_PER_ACCESS = 10;

    private final DriftDetectionSettings settings;
    private final String sourceTopic;

    private transient ValueState<OutcomeJoinRecord> pending;
    private transient WindowParts parts;
    private transient ListState<byte[]> checkpointed;
    private transient IdleExpiry idle;
    private transient long watermark;

    private transient Counter outcomesTooLate;
    private transient Counter outcomesUnmatched;
    private transient Counter processingFailures;

    /**
     * @param sourceTopic the feedback topic, named in the dead letters of failed records
     */
    public OutcomeJoinOperator(DriftDetectionSettings settings, String sourceTopic) {
        this.settings = settings;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        var task = getRuntimeContext().getTaskInfo();
        parts =
                new WindowParts(
                        settings.windows(), settings.summary(), "o", task.getIndexOfThisSubtask());
        checkpointed =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "outcome-parts", BytePrimitiveArraySerializer.INSTANCE));
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
        watermark = Long.MIN_VALUE;
        ValueStateDescriptor<OutcomeJoinRecord> descriptor =
                new ValueStateDescriptor<>("pending-prediction", new OutcomeJoinRecordSerializer());
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(settings.pendingOutcomeTtl())
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupFullSnapshot()
                        .cleanupIncrementally(CLEANUP_ENTRIES_PER_ACCESS, false)
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        pending = getRuntimeContext().getState(descriptor);
        var metrics = getMetricGroup();
        outcomesTooLate = metrics.counter("outcomesTooLate");
        outcomesUnmatched = metrics.counter("outcomesUnmatched");
        processingFailures = metrics.counter("processingFailures");
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
    public void processElement(StreamRecord<OutcomeJoinRecord> element) throws Exception {
        OutcomeJoinRecord record = element.getValue();
        try {
            if (record.isPrediction()) {
                pending.update(record);
            } else {
                join(record);
            }
        } catch (RuntimeException e) {
            processingFailures.inc();
            output.collect(
                    DEAD_LETTERS,
                    new StreamRecord<>(
                            DeadLetter.processing(
                                    sourceTopic,
                                    DriftDetectionFunction.STAGE,
                                    record,
                                    e,
                                    getProcessingTimeService().getCurrentProcessingTime())));
        }
    }

    private void join(OutcomeJoinRecord outcome) throws Exception {
        OutcomeJoinRecord prediction = pending.value();
        if (prediction == null) {
            outcomesUnmatched.inc();
            return;
        }
        pending.clear();
        WindowParts.Part part =
                parts.own(prediction.key(), getProcessingTimeService().getCurrentProcessingTime());
        idle.arm();
        WindowSpec spec = settings.windows();
        boolean counted = false;
        for (int i = 0; i < spec.windowsPerElement(); i++) {
            WindowAccumulator acc = parts.window(part, spec.start(prediction.ts(), i), watermark);
            if (acc != null) {
                acc.observeOutcome(prediction.prediction(), outcome.actual());
                counted = true;
            }
        }
        if (!counted) {
            outcomesTooLate.inc();
        }
        parts.observeError(
                part,
                prediction.version(),
                prediction.prediction(),
                outcome.actual(),
                prediction.ts());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        // the parts go before the watermark, so the evaluating stage has them all when it fires
        parts.flush(
                watermark,
                partial ->
                        output.collect(
                                new StreamRecord<>(
                                        partial,
                                        settings.windows().end(partial.windowStart()) - 1)));
        super.processWatermark(mark);
    }
}
