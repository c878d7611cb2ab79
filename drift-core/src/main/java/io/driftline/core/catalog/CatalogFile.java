package io.driftline.core.catalog;

import io.driftline.core.decision.DriftDecisionConfig;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Where a job's {@link ModelCatalog} comes from: a file every subtask reads again when it changes
 * (checked every {@code checkEvery}), so editing {@code models.yaml} changes what a running job
 * does without a restart. On Kubernetes, mount it from a ConfigMap; elsewhere, a path every task
 * manager sees. The catalog read when the job was built travels with the job: a subtask that cannot
 * read the file, or reads an invalid edit, keeps the last good catalog and counts the failure.
 */
public final class CatalogFile implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest catalog read: a file beyond it is refused, not read into memory. */
    public static final long MAX_BYTES = 1 << 20;

    private final String path;
    private final long checkEveryMillis;
    private final DriftDecisionConfig base;
    private final byte[] initialText;
    private final ModelCatalog initial;

    private CatalogFile(
            String path,
            Duration checkEvery,
            DriftDecisionConfig base,
            byte[] initialText,
            ModelCatalog initial) {
        this.path = path;
        this.checkEveryMillis = checkEvery.toMillis();
        this.base = base;
        this.initialText = initialText;
        this.initial = initial;
    }

    /** No file: every model gets {@code base} and its prediction is read as a class. */
    public static CatalogFile none(DriftDecisionConfig base) {
        return new CatalogFile(
                null, Duration.ofDays(1), base, new byte[0], CatalogParser.empty(base));
    }

    /**
     * Reads and validates the catalog at {@code path} now (a job with a wrong catalog does not
     * start).
     *
     * @throws CatalogException when it cannot be read or is invalid
     */
    public static CatalogFile load(Path path, Duration checkEvery, DriftDecisionConfig base) {
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("the check interval must be positive");
        }
        byte[] text = read(path);
        ModelCatalog catalog = parse(text, path, base);
        return new CatalogFile(path.toString(), checkEvery, base, text, catalog);
    }

    /** The catalog as it was when the job was built. */
    public ModelCatalog initial() {
        return initial;
    }

    /** The file, or null when there is none. */
    public String path() {
        return path;
    }

    /** One subtask's view of the catalog; not thread-safe. */
    public Watcher watch() {
        return new Watcher();
    }

    private static byte[] read(Path path) {
        try {
            return bounded(path);
        } catch (IOException e) {
            throw new CatalogException(path + ": cannot be read: " + e);
        }
    }

    private static byte[] bounded(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new CatalogException(
                    path
                            + ": "
                            + size
                            + " bytes, more than a catalog may have ("
                            + MAX_BYTES
                            + ")");
        }
        return Files.readAllBytes(path);
    }

    private static ModelCatalog parse(byte[] text, Path path, DriftDecisionConfig base) {
        return CatalogParser.parse(
                new String(text, StandardCharsets.UTF_8), path.getFileName().toString(), base);
    }

    /** The current catalog of one subtask, re-read when due. */
    public final class Watcher {
        private ModelCatalog current = initial;
        private byte[] text = initialText;
        private long nextCheck = Long.MIN_VALUE;
        private long reloads;
        private long failures;
        private String problem;

        private Watcher() {}

        /** The catalog in force. */
        public ModelCatalog current() {
            return current;
        }

        /**
         * Reads the file again if {@code checkEvery} has passed since the last read.
         *
         * @param now processing time, epoch millis
         * @return true when the catalog in force changed
         */
        public boolean refreshIfDue(long now) {
            if (path == null || now < nextCheck) {
                return false;
            }
            nextCheck = now + checkEveryMillis;
            byte[] read;
            try {
                read = bounded(Path.of(path));
            } catch (CatalogException e) {
                fail(e.getMessage());
                return false;
            } catch (IOException | RuntimeException e) {
                fail(path + ": cannot be read: " + e);
                return false;
            }
            if (Arrays.equals(read, text)) {
                return false;
            }
            try {
                current = parse(read, Path.of(path), base);
            } catch (RuntimeException e) {
                text = read; // the same invalid text is not judged again
                fail(e.getMessage());
                return false;
            }
            text = read;
            problem = null;
            reloads++;
            return true;
        }

        private void fail(String why) {
            if (!why.equals(problem)) {
                failures++;
            }
            problem = why;
        }

        /** Times a changed file was taken. */
        public long reloads() {
            return reloads;
        }

        /** Times the file could not be read or an edit was invalid (each problem once). */
        public long failures() {
            return failures;
        }

        /** Why the last read failed, or null when the file in force is the last one read. */
        public String problem() {
            return problem;
        }
    }
}
