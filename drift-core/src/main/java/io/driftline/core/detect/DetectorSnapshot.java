package io.driftline.core.detect;

import java.nio.ByteBuffer;

/**
 * The versioned binary envelope of a change detector's snapshot: a format version byte, the
 * detector's kind tag, then the detector's own big-endian body.
 *
 * <p>Versions: 1, the first format; 2 adds the direction of the detectors that gained a {@code
 * twoSided} option (ADWIN, Page-Hinkley, KSWIN) and the raw-unit configuration of CUSUM. Every
 * detector reads both; what each does with a version 1 body is documented on its {@code restore}.
 */
public final class DetectorSnapshot {

    /** The current snapshot format version, written as the first byte of every snapshot. */
    public static final int FORMAT_VERSION = 2;

    /** The oldest format version this build still reads. */
    public static final int OLDEST_READABLE_VERSION = 1;

    private static final int HEADER_BYTES = 2;

    private DetectorSnapshot() {}

    /**
     * Returns a buffer for a snapshot with {@code bodyBytes} of body, the header already written.
     */
    public static ByteBuffer begin(DetectorKind kind, int bodyBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + bodyBytes);
        buffer.put((byte) FORMAT_VERSION);
        buffer.put((byte) kind.tag());
        return buffer;
    }

    /** Returns the snapshot's bytes, checking that the buffer was filled exactly. */
    public static byte[] finish(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            throw new IllegalStateException(
                    String.format("Snapshot has %s unwritten bytes", buffer.remaining()));
        }
        return buffer.array();
    }

    /**
     * Opens a snapshot for reading, positioned after its header.
     *
     * @throws IllegalArgumentException if the bytes are not a snapshot of {@code kind} in a
     *     supported format version ({@link #OLDEST_READABLE_VERSION} to {@link #FORMAT_VERSION})
     */
    public static ByteBuffer open(byte[] bytes, DetectorKind kind) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("Snapshot is empty or shorter than its header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int version = buffer.get();
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    String.format(
                            "Unsupported detector snapshot version %s (this build reads %s to %s)",
                            version, OLDEST_READABLE_VERSION, FORMAT_VERSION));
        }
        DetectorKind found = DetectorKind.fromTag(buffer.get());
        if (found != kind) {
            throw new IllegalArgumentException(
                    String.format("Snapshot holds a %s detector, not %s", found, kind));
        }
        return buffer;
    }

    /** The format version of a buffer returned by {@link #open}. */
    public static int version(ByteBuffer opened) {
        return opened.get(0);
    }

    /** Throws unless the whole snapshot was read. */
    public static void checkFullyRead(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException(
                    String.format("Snapshot has %s trailing bytes", buffer.remaining()));
        }
    }
}
