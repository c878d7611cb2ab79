package io.driftline.core.detect;

/**
 * A streaming change detector: it sees one value at a time, in constant memory, and says whether
 * the stream's distribution has changed.
 *
 * <p>Implementations are not thread-safe; a Flink function keeps one per key. The state is
 * serialized with {@link #snapshot()} into a versioned binary form (first byte: {@link
 * DetectorSnapshot#FORMAT_VERSION}, second byte: the {@link DetectorKind#tag()}), and each
 * implementation has a static {@code restore(byte[])} that continues exactly where the snapshot was
 * taken.
 */
public interface ChangeDetector {

    /**
     * Adds one observation and returns the detector's conclusion. Detectors that restart after a
     * drift do so inside this call, so the next observation belongs to the new concept.
     *
     * @throws IllegalArgumentException if {@code x} is not a valid input (see {@link #input()})
     */
    ChangeSignal update(double x);

    /** Forgets everything seen so far (the configuration is kept). */
    void reset();

    /** The number of observations since construction or the last {@link #reset()}. */
    long observations();

    /**
     * The declared false-alarm rate: an upper bound on the expected number of {@link
     * ChangeSignal#DRIFT} signals per observation on a stationary input stream, at this detector's
     * configuration. Each implementation documents where its figure comes from (a theorem, the
     * nominal level of its test, or a calibration at the defaults).
     */
    double declaredFalseAlarmRate();

    /** What the detector expects as input. */
    DetectorInput input();

    /** Which detector this is. */
    DetectorKind kind();

    /** The detector's full state, configuration included, in a versioned binary form. */
    byte[] snapshot();
}
