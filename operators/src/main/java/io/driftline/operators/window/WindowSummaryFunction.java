package io.driftline.operators.window;

import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowPartial;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DeadLetter;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ModelPublished;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.serialization.AdwinDetectorSerializer;
import io.driftline.operators.serialization.WindowAccumulatorSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The drift job's first window stage: per spread key ({@link SpreadKeys}: a model's traffic split
 * by event id over all subtasks) it summarises every event-time window incrementally — sketches and
 * frequency maps, never raw events — joins late outcomes to their predictions and runs a change
 * detector on the error stream; when the watermark passes a window's end it sends the window's
 * summary as a {@link WindowPartial} to {@link DriftDetectionFunction}, which merges the parts of a
 * model and evaluates the whole window.
 *
 * <p><b>Late outcomes.</b> A prediction without an {@code actual} waits (its prediction and time
 * only) for up to {@code pendingOutcomeTtl}. An outcome-only event with the same {@code event_id}
 * (same id, same spread key) counts toward the window(s) of the original prediction — label
 * distribution and performance — if that window is still within its allowed lateness; the window's
 * part is then sent again and its report emitted again with the same id. Outcomes whose window's
 * lateness has passed are counted in {@code outcomesTooLate}, outcomes with no known (or no longer
 * kept) prediction in {@code outcomesUnmatched}; both are in {@code ml_feedback} all the same.
 *
 * <p>A newly published production version (or a rollback) resets the detector of that model.
 *
 * <p><b>State.</b> The summaries of the windows in flight and the detectors live on the heap,
 * whatever the state backend: they change with every event, and on RocksDB a keyed value would be
 * read and written back (a multi-KiB accumulator) per event. Checkpoints write them once, as union
 * operator state, and a restored subtask keeps the keys of its own key groups, so rescaling works.
 * Pending predictions (the large part, one entry per prediction awaiting its outcome) and the
 * timers are keyed state in the configured backend.
 */
public class WindowSummaryFunction
        extends KeyedBroadcastProcessFunction<String, FeedbackEvent, ModelPublished, WindowPartial>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** Side output of records that failed here: {@code processing: drift-detection}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    /** Stream name under which the error-rate detector reports. */
    static final String ERROR_STREAM = "adwin:error_rate";

    private static final long HOUR = 3_600_000L;

    private final DriftDetectionSettings settings;
    private final String sourceTopic;

    /** Per key of this subtask: its windows in flight, its detector, when it was last seen. */
    private transient Map<String, KeyState> keys;

    private transient ListState<byte[]> checkpointedKeys;
    private transient MapState<String, PendingPrediction> pending;
    private transient ValueState<Long> pendingSweepAt;

    private transient Counter lateEvents;
    private transient Counter outcomesTooLate;
    private transient Counter outcomesUnmatched;
    private transient Counter processingFailures;
    private transient Counter idleKeysExpired;

    /**
     * @param sourceTopic the feedback topic, named in the dead letters of failed records
     */
    public WindowSummaryFunction(DriftDetectionSettings settings, String sourceTopic) {
        this.settings = settings;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        // No state TTL here: Flink's incremental TTL cleanup walks and copies a key's whole map on
        // every access (O(pending) per event). Each prediction carries its own expiry instead,
        // checked on read, and one processing-time sweep per key and TTL period drops the ones
        // whose outcome never came.
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-predictions",
                                        TypeInformation.of(String.class),
                                        TypeInformation.of(PendingPrediction.class)));
        pendingSweepAt =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pending-sweep-at", LongSerializer.INSTANCE));
        var metrics = getRuntimeContext().getMetricGroup();
        lateEvents = metrics.counter("lateEventsDropped");
        outcomesTooLate = metrics.counter("outcomesTooLate");
        outcomesUnmatched = metrics.counter("outcomesUnmatched");
        processingFailures = metrics.counter("processingFailures");
        idleKeysExpired = metrics.counter("idleKeysExpired");
    }

    @Override
    public void processElement(
            FeedbackEvent event, ReadOnlyContext ctx, Collector<WindowPartial> out)
            throws Exception {
        try {
            observe(event, ctx);
        } catch (RuntimeException e) {
            // a record that passed validation and still failed: one dead letter, not a restart
            processingFailures.inc();
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.processing(
                            sourceTopic,
                            DriftDetectionFunction.STAGE,
                            event,
                            e,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private void observe(FeedbackEvent event, ReadOnlyContext ctx) throws Exception {
        KeyState key = keys.computeIfAbsent(ctx.getCurrentKey(), k -> new KeyState());
        touch(key, ctx);
        long watermark = ctx.timerService().currentWatermark();
        WindowSpec spec = settings.windows();
        if (event.prediction() != null) {
            boolean counted = false;
            for (int i = 0; i < spec.windowsPerElement(); i++) {
                long start = spec.start(event.ts(), i);
                if (spec.cleanupTime(start) <= watermark) {
                    continue;
                }
                WindowAccumulator acc = key.windows.get(start);
                if (acc == null) {
                    acc = new WindowAccumulator(settings.summary());
                    key.windows.put(start, acc);
                    // a window's timers, once (not per event)
                    ctx.timerService().registerEventTimeTimer(spec.end(start) - 1);
                    ctx.timerService().registerEventTimeTimer(spec.cleanupTime(start));
                } else if (spec.end(start) - 1 <= watermark) {
                    // a late prediction within the lateness: the part, already sent, goes again
                    ctx.timerService().registerEventTimeTimer(spec.end(start) - 1);
                }
                acc.observe(
                        event.features(), event.prediction(), event.actual(), event.modelVersion());
                counted = true;
            }
            if (!counted) {
                lateEvents.inc();
                return;
            }
            if (event.hasOutcome()) {
                observeError(key, event.prediction(), event.actual(), event.ts());
            } else {
                long now = ctx.timerService().currentProcessingTime();
                pending.put(
                        event.eventId(),
                        PendingPrediction.of(
                                event.prediction(),
                                event.ts(),
                                now + settings.pendingOutcomeTtl().toMillis()));
                armPendingSweep(ctx, now);
            }
        } else if (event.hasOutcome()) {
            PendingPrediction p = pending.get(event.eventId());
            if (p == null || p.expiredAt(ctx.timerService().currentProcessingTime())) {
                if (p != null) {
                    pending.remove(event.eventId());
                }
                outcomesUnmatched.inc();
                return;
            }
            pending.remove(event.eventId());
            boolean counted = false;
            for (int i = 0; i < spec.windowsPerElement(); i++) {
                long start = spec.start(p.ts(), i);
                WindowAccumulator acc = key.windows.get(start);
                if (acc == null || spec.cleanupTime(start) <= watermark) {
                    continue;
                }
                acc.observeOutcome(p.prediction(), event.actual());
                // fires again if the window was already sent: its part is sent again
                ctx.timerService().registerEventTimeTimer(spec.end(start) - 1);
                counted = true;
            }
            if (!counted) {
                outcomesTooLate.inc();
            }
            observeError(key, p.prediction(), event.actual(), p.ts());
        }
    }

    /** Feeds the 0/1 error stream to the detector and notes its signal in the window. */
    private void observeError(KeyState key, FeatureValue prediction, FeatureValue actual, long ts) {
        if (prediction == null || actual == null || actual.isMissing() || prediction.isMissing()) {
            return;
        }
        if (key.detector == null) {
            key.detector = new AdwinDetector();
        }
        boolean error =
                !WindowAccumulator.label(prediction).equals(WindowAccumulator.label(actual));
        ChangeSignal signal = key.detector.update(error ? 1 : 0);
        if (signal != ChangeSignal.NONE) {
            WindowAccumulator acc = key.windows.get(settings.windows().lastStart(ts));
            if (acc != null) {
                acc.detectorSignal(ERROR_STREAM, signal.name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Notes that the key is alive. A key that receives nothing for {@code idleStateTtl} loses its
     * detector (it starts again if it comes back): models and segments come and go, state must not
     * grow with every name ever seen. Activity is kept to the hour (rounded up, so a key never
     * expires early); one processing-time timer per key, re-armed when it fires on a key still
     * alive, does the expiry.
     */
    private void touch(KeyState key, ReadOnlyContext ctx) {
        long now = ctx.timerService().currentProcessingTime();
        long hour = now - Math.floorMod(now, HOUR) + HOUR;
        if (key.lastSeen == 0) {
            ctx.timerService()
                    .registerProcessingTimeTimer(hour + settings.idleStateTtl().toMillis());
        }
        key.lastSeen = hour;
    }

    /** Makes sure a sweep of expired pending predictions is due within one TTL period. */
    private void armPendingSweep(ReadOnlyContext ctx, long now) throws Exception {
        if (pendingSweepAt.value() == null) {
            long at = now + settings.pendingOutcomeTtl().toMillis();
            pendingSweepAt.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        }
    }

    /**
     * Drops the pending predictions whose outcome did not come in time: one pass over the key's map
     * per TTL period, so the per-event cost stays flat however many outcomes are pending.
     */
    private void sweepPending(OnTimerContext ctx, long now) throws Exception {
        boolean left = false;
        for (Iterator<Map.Entry<String, PendingPrediction>> it = pending.iterator();
                it.hasNext(); ) {
            if (it.next().getValue().expiredAt(now)) {
                it.remove();
            } else {
                left = true;
            }
        }
        if (left) {
            long at = now + settings.pendingOutcomeTtl().toMillis();
            pendingSweepAt.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        } else {
            pending.clear(); // an empty map would still be written to every checkpoint
            pendingSweepAt.clear();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowPartial> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            Long sweepAt = pendingSweepAt.value();
            if (sweepAt != null && timestamp >= sweepAt) {
                sweepPending(ctx, timestamp);
            }
            KeyState key = keys.get(ctx.getCurrentKey());
            if (key == null || key.lastSeen == 0) {
                return; // nothing alive to expire: a sweep's timer, or the key expired already
            }
            long ttl = settings.idleStateTtl().toMillis();
            if (timestamp - key.lastSeen < ttl) {
                ctx.timerService().registerProcessingTimeTimer(key.lastSeen + ttl); // alive
                return;
            }
            key.detector = null;
            key.lastSeen = 0;
            forgetIfEmpty(ctx.getCurrentKey(), key);
            idleKeysExpired.inc();
            return;
        }
        String current = ctx.getCurrentKey();
        KeyState key = keys.get(current);
        if (key == null) {
            return;
        }
        WindowSpec spec = settings.windows();
        String base = SpreadKeys.baseOf(current);
        String part = SpreadKeys.partOf(current);
        for (Iterator<Map.Entry<Long, WindowAccumulator>> it = key.windows.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Long, WindowAccumulator> e = it.next();
            long start = e.getKey();
            if (spec.end(start) - 1 == timestamp) {
                // serialized as it leaves (a network hop): later changes are sent again
                out.collect(new WindowPartial(base, part, start, e.getValue()));
            }
            if (spec.cleanupTime(start) <= timestamp) {
                it.remove();
            }
        }
        forgetIfEmpty(current, key);
    }

    private void forgetIfEmpty(String name, KeyState key) {
        if (key.windows.isEmpty() && key.detector == null && key.lastSeen == 0) {
            keys.remove(name);
        }
    }

    @Override
    public void processBroadcastElement(
            ModelPublished published, Context ctx, Collector<WindowPartial> out) throws Exception {
        if (DriftDetectionFunction.applyPublished(
                ctx.getBroadcastState(DriftDetectionFunction.REFERENCES), published)) {
            // A new reference: the old error-rate history says nothing about the new model.
            keys.forEach(
                    (name, key) -> {
                        if (SpreadKeys.modelOf(name).equals(published.model())) {
                            key.detector = null;
                        }
                    });
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        keys = new HashMap<>();
        checkpointedKeys =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "window-summaries", BytePrimitiveArraySerializer.INSTANCE));
        if (!context.isRestored()) {
            return;
        }
        // every subtask reads every key back and keeps those of its own key groups
        TaskInfo task = getRuntimeContext().getTaskInfo();
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        KeyGroupRange mine =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        maxParallelism,
                        task.getNumberOfParallelSubtasks(),
                        task.getIndexOfThisSubtask());
        for (byte[] bytes : checkpointedKeys.get()) {
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            String name = in.readUTF();
            if (mine.contains(KeyGroupRangeAssignment.assignToKeyGroup(name, maxParallelism))) {
                keys.put(name, KeyState.read(in));
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<byte[]> all = new ArrayList<>(keys.size());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        for (Map.Entry<String, KeyState> e : keys.entrySet()) {
            out.clear();
            out.writeUTF(e.getKey());
            e.getValue().write(out);
            all.add(out.getCopyOfBuffer());
        }
        checkpointedKeys.update(all);
    }

    /** What one key of this subtask holds on the heap. */
    static final class KeyState {
        private static final int VERSION = 1;

        final TreeMap<Long, WindowAccumulator> windows = new TreeMap<>();
        AdwinDetector detector;

        /** The hour (rounded up) the key was last seen; 0 when it expired or never was. */
        long lastSeen;

        void write(DataOutputSerializer out) throws IOException {
            out.writeInt(VERSION);
            out.writeLong(lastSeen);
            out.writeBoolean(detector != null);
            if (detector != null) {
                AdwinDetectorSerializer.INSTANCE.serialize(detector, out);
            }
            out.writeInt(windows.size());
            for (Map.Entry<Long, WindowAccumulator> w : windows.entrySet()) {
                out.writeLong(w.getKey());
                WindowAccumulatorSerializer.INSTANCE.serialize(w.getValue(), out);
            }
        }

        static KeyState read(DataInputDeserializer in) throws IOException {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("Unknown window summary state version " + version);
            }
            KeyState key = new KeyState();
            key.lastSeen = in.readLong();
            if (in.readBoolean()) {
                key.detector = AdwinDetectorSerializer.INSTANCE.deserialize(in);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                long start = in.readLong();
                key.windows.put(start, WindowAccumulatorSerializer.INSTANCE.deserialize(in));
            }
            return key;
        }
    }
}
