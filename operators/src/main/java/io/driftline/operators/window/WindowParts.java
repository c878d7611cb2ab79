package io.driftline.operators.window;

import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.adwin.AdwinConfig;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowPartial;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.FeatureValue;
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
import java.util.function.Consumer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * What one subtask of a window stage adds to the windows in flight, on the heap: per key (the
 * model, or {@code model|segment}) and part (which subtask's share it is) the summaries of its
 * windows, and per key and model version the change detector of the 0/1 error stream. The parts are
 * mergeable, so the evaluating stage ({@link DriftDetectionFunction}) adds up the parts of a
 * window; a part changed after it was sent is sent again and replaces the one sent before.
 *
 * <p>Held on the heap whatever the state backend (they change with every event; on RocksDB a keyed
 * value would be read and written back, a multi-KiB accumulator, per event) and checkpointed as
 * union operator state: after a rescale, part {@code i} is kept by subtask {@code i % parallelism},
 * the subtask that writes part {@code i} itself if it still exists, so no part is ever sent by two
 * subtasks.
 */
final class WindowParts {

    private static final int VERSION = 1;
    private static final byte PART = 0;
    private static final byte WATERMARK = 1;
    private static final long HOUR = 3_600_000L;

    /** Stream name under which the error-rate detector reports. */
    static final String ERROR_STREAM = "adwin:error_rate";

    /**
     * Model versions with a detector of their own per part, at most: the most recently used are
     * kept (a version string per build or pod must not grow state for as long as the model lives).
     */
    static final int MAX_VERSIONS = 4;

    private final WindowSpec spec;
    private final SummaryConfig summary;
    private final String prefix;

    /** The part this subtask writes: {@code prefix + subtask index}. */
    private final String ownPart;

    /** This subtask's own parts by key; parts restored from other subtasks by key and name. */
    private final Map<Object, Part> parts = new HashMap<>();

    /**
     * The stage's event time. Checkpointed (Flink does not restore watermarks): an outcome replayed
     * after a restore, before the first watermark, must not bring back a window already closed.
     */
    private long watermark = Long.MIN_VALUE;

    /** The map key of a part restored from another subtask (the job was scaled down). */
    private record Foreign(String key, String part) {}

    /**
     * @param prefix names this stage's parts apart from another stage's ({@code ""}, {@code "o"})
     */
    WindowParts(WindowSpec spec, SummaryConfig summary, String prefix, int subtask) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("parts need a prefix of their stage");
        }
        this.spec = spec;
        this.summary = summary;
        this.prefix = prefix;
        this.ownPart = prefix + subtask;
    }

    /** One key's part: its windows in flight and its detectors. */
    static final class Part {
        final String key;
        final String part;
        final TreeMap<Long, Window> windows = new TreeMap<>();

        /** By model version, least recently used first; at most {@link #MAX_VERSIONS}. */
        final Map<String, AdwinDetector> detectors =
                new java.util.LinkedHashMap<>(8, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, AdwinDetector> eldest) {
                        return size() > MAX_VERSIONS;
                    }
                };

        /** The hour (rounded up) the part was last seen; 0 when it never was. */
        long lastSeen;

        Part(String key, String part) {
            this.key = key;
            this.part = part;
        }
    }

    /** A window's summary, and whether it changed since it was last sent. */
    static final class Window {
        final WindowAccumulator accumulator;
        boolean changed = true;

        Window(WindowAccumulator accumulator) {
            this.accumulator = accumulator;
        }
    }

    /** This subtask's part of {@code key}, created on first use; noted as alive at {@code now}. */
    Part own(String key, long now) {
        Part part = parts.get(key);
        if (part == null) {
            part = new Part(key, ownPart);
            parts.put(key, part);
        }
        part.lastSeen = now - Math.floorMod(now, HOUR) + HOUR;
        return part;
    }

    long watermark() {
        return watermark;
    }

    /**
     * The window starting at {@code start} of {@code part}, created on first use, marked changed;
     * null when its lateness has passed.
     */
    WindowAccumulator window(Part part, long start) {
        if (spec.cleanupTime(start) <= watermark) {
            return null;
        }
        Window window = part.windows.get(start);
        if (window == null) {
            window = new Window(new WindowAccumulator(summary));
            part.windows.put(start, window);
        }
        window.changed = true;
        return window.accumulator;
    }

    /**
     * Feeds a labelled prediction's 0/1 error to the detector of its key and model version, and
     * notes a signal in the part's window of {@code ts}. One error stream per version: a newly
     * served version does not inherit the error history of the one before.
     */
    void observeError(
            Part part, String version, FeatureValue prediction, FeatureValue actual, long ts) {
        if (prediction == null || actual == null || actual.isMissing() || prediction.isMissing()) {
            return;
        }
        AdwinDetector detector =
                part.detectors.computeIfAbsent(
                        version == null ? "" : version,
                        v -> new AdwinDetector(AdwinConfig.errorStream()));
        boolean error =
                !WindowAccumulator.label(prediction).equals(WindowAccumulator.label(actual));
        ChangeSignal signal = detector.update(error ? 1 : 0);
        if (signal != ChangeSignal.NONE) {
            Window window = part.windows.get(spec.lastStart(ts));
            if (window != null) {
                window.accumulator.detectorSignal(
                        ERROR_STREAM, signal.name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Sends every window whose end the watermark passed and that changed since it was last sent,
     * and drops the windows whose lateness has passed.
     *
     * @return the number of parts sent
     */
    int flush(long watermark, Consumer<WindowPartial> out) {
        this.watermark = Math.max(this.watermark, watermark);
        int sent = 0;
        for (Iterator<Part> parts = this.parts.values().iterator(); parts.hasNext(); ) {
            Part part = parts.next();
            for (Iterator<Map.Entry<Long, Window>> it = part.windows.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<Long, Window> e = it.next();
                long start = e.getKey();
                if (spec.end(start) - 1 > watermark) {
                    break; // sorted by start: the later windows are still open
                }
                Window window = e.getValue();
                if (window.changed) {
                    // serialized as it leaves (a network hop): later changes are sent again
                    out.accept(new WindowPartial(part.key, part.part, start, window.accumulator));
                    window.changed = false;
                    sent++;
                }
                if (spec.cleanupTime(start) <= watermark) {
                    it.remove();
                }
            }
            if (part.windows.isEmpty() && part.detectors.isEmpty()) {
                parts.remove();
            }
        }
        return sent;
    }

    /**
     * Sends every window that changed since it was last sent, open ones too: the subtask goes idle,
     * so its watermark stops and the other subtasks' watermarks move the windows on without it. A
     * part sent early is sent again (and replaces this one) if it changes later.
     *
     * @return the number of parts sent
     */
    int flushChanged(Consumer<WindowPartial> out) {
        int sent = 0;
        for (Part part : parts.values()) {
            for (Map.Entry<Long, Window> e : part.windows.entrySet()) {
                Window window = e.getValue();
                if (window.changed) {
                    out.accept(
                            new WindowPartial(part.key, part.part, e.getKey(), window.accumulator));
                    window.changed = false;
                    sent++;
                }
            }
        }
        return sent;
    }

    /**
     * Drops the detectors of parts not seen for {@code idleTtl} (they start again if the key comes
     * back): models and versions come and go, state must not grow with every name ever seen.
     *
     * @return the number of parts whose detectors were dropped
     */
    int expireIdle(long now, long idleTtl) {
        int expired = 0;
        for (Iterator<Part> parts = this.parts.values().iterator(); parts.hasNext(); ) {
            Part part = parts.next();
            if (now - part.lastSeen >= idleTtl && !part.detectors.isEmpty()) {
                part.detectors.clear();
                expired++;
            }
            if (part.windows.isEmpty() && part.detectors.isEmpty()) {
                parts.remove();
            }
        }
        return expired;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The parts held, for tests. */
    Map<Object, Part> parts() {
        return parts;
    }

    /** One serialized entry per part, for the union operator state. */
    List<byte[]> snapshot() throws IOException {
        List<byte[]> all = new ArrayList<>(parts.size() + 1);
        DataOutputSerializer out = new DataOutputSerializer(4096);
        out.writeInt(VERSION);
        out.writeByte(WATERMARK);
        out.writeLong(watermark);
        all.add(out.getCopyOfBuffer());
        for (Part part : parts.values()) {
            out.clear();
            out.writeInt(VERSION);
            out.writeByte(PART);
            out.writeUTF(part.key);
            out.writeUTF(part.part);
            out.writeLong(part.lastSeen);
            out.writeInt(part.detectors.size());
            for (Map.Entry<String, AdwinDetector> d : part.detectors.entrySet()) {
                out.writeUTF(d.getKey());
                AdwinDetectorSerializer.INSTANCE.serialize(d.getValue(), out);
            }
            out.writeInt(part.windows.size());
            for (Map.Entry<Long, Window> w : part.windows.entrySet()) {
                out.writeLong(w.getKey());
                out.writeBoolean(w.getValue().changed);
                WindowAccumulatorSerializer.INSTANCE.serialize(w.getValue().accumulator, out);
            }
            all.add(out.getCopyOfBuffer());
        }
        return all;
    }

    /**
     * Restores the parts of a checkpoint (every subtask's, union state) that this subtask keeps:
     * this stage's parts whose index modulo {@code parallelism} is {@code subtask}, and the lowest
     * watermark of them all.
     */
    void restore(Iterable<byte[]> entries, int subtask, int parallelism) throws IOException {
        long restoredWatermark = Long.MAX_VALUE;
        for (byte[] bytes : entries) {
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("Unknown window part state version " + version);
            }
            if (in.readByte() == WATERMARK) {
                restoredWatermark = Math.min(restoredWatermark, in.readLong());
                continue;
            }
            String key = in.readUTF();
            String name = in.readUTF();
            if (!keeps(name, subtask, parallelism)) {
                continue;
            }
            Part part = new Part(key, name);
            part.lastSeen = in.readLong();
            int detectors = in.readInt();
            for (int i = 0; i < detectors; i++) {
                part.detectors.put(in.readUTF(), AdwinDetectorSerializer.INSTANCE.deserialize(in));
            }
            int windows = in.readInt();
            for (int i = 0; i < windows; i++) {
                long start = in.readLong();
                boolean changed = in.readBoolean();
                Window window = new Window(WindowAccumulatorSerializer.INSTANCE.deserialize(in));
                window.changed = changed;
                part.windows.put(start, window);
            }
            if (name.equals(ownPart)) {
                parts.put(key, part);
            } else {
                // an old subtask's part (the job was scaled down): sent as it is, under its name;
                // its detectors are never fed again
                part.detectors.clear();
                parts.put(new Foreign(key, name), part);
            }
        }
        if (restoredWatermark != Long.MAX_VALUE) {
            watermark = restoredWatermark;
        }
    }

    private boolean keeps(String name, int subtask, int parallelism) {
        if (!name.startsWith(prefix)) {
            return false;
        }
        try {
            return Integer.parseInt(name.substring(prefix.length())) % parallelism == subtask;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
