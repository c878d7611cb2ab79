package io.driftline.trainer.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The artifact directories under {@code {models_dir}/{model}/{version}/}: staging a new artifact,
 * its sha256 over the files, verification before a load, and deletion of old versions. Paths are
 * resolved so that no model name can leave the models directory.
 */
public final class ArtifactStore {

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final String STAGING_PREFIX = ".staging-";

    private final Path root;

    /** A store rooted at {@code modelsDir} (created when missing). */
    public ArtifactStore(Path modelsDir) {
        this.root = modelsDir.toAbsolutePath().normalize();
    }

    /** The models directory. */
    public Path root() {
        return root;
    }

    /**
     * The directory of {@code model}.
     *
     * @throws IllegalArgumentException if the name is not {@code [A-Za-z0-9._-]{1,128}}, is {@code
     *     .} or {@code ..}, or would resolve outside the models directory
     */
    public Path modelDir(String model) {
        if (model == null
                || !MODEL_NAME.matcher(model).matches()
                || model.equals(".")
                || model.equals("..")) {
            throw new IllegalArgumentException(
                    "invalid model name '" + model + "': use [A-Za-z0-9._-]{1,128}, not . or ..");
        }
        Path dir = root.resolve(model).normalize();
        if (!dir.getParent().equals(root)) {
            throw new IllegalArgumentException("model name '" + model + "' escapes " + root);
        }
        return dir;
    }

    /** The directory of one version of {@code model}. */
    public Path versionDir(String model, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        return modelDir(model).resolve(Integer.toString(version));
    }

    /** A new empty directory to write an artifact into before it has a version. */
    public Path newStagingDir(String model) throws IOException {
        Path dir = modelDir(model).resolve(STAGING_PREFIX + UUID.randomUUID());
        Files.createDirectories(dir);
        return dir;
    }

    /** Moves a staged artifact to its version directory (replacing a leftover one). */
    public Path commit(Path staged, String model, int version) throws IOException {
        Path target = versionDir(model, version);
        if (Files.exists(target)) {
            deleteTree(target);
        }
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target);
        }
        return target;
    }

    /** Deletes a directory tree; nothing when it does not exist. */
    public void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!dir.toAbsolutePath().normalize().startsWith(root)) {
            throw new IllegalArgumentException("refusing to delete " + dir + " outside " + root);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The SHA-256 of an artifact directory: over its regular files sorted by name, each as its name
     * (UTF-8), a zero byte, its length (8 bytes, big-endian) and its content; 64 lower-case hex
     * chars.
     */
    public static String sha256(Path dir) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            long size = Files.size(file);
            for (int shift = 56; shift >= 0; shift -= 8) {
                digest.update((byte) (size >>> shift));
            }
            try (InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Checks that the artifact of {@code model} version {@code version} exists and has {@code
     * expectedSha256}, and returns its directory.
     *
     * @throws ArtifactIntegrityException if it is missing, unreadable or altered
     */
    public Path verified(String model, int version, String expectedSha256)
            throws ArtifactIntegrityException {
        Path dir = versionDir(model, version);
        if (!Files.isDirectory(dir)) {
            throw new ArtifactIntegrityException(
                    "artifact of " + model + " v" + version + " is missing: " + dir);
        }
        String actual;
        try {
            actual = sha256(dir);
        } catch (IOException | UncheckedIOException e) {
            throw new ArtifactIntegrityException(
                    "artifact of " + model + " v" + version + " is unreadable: " + dir, e);
        }
        if (!actual.equals(expectedSha256)) {
            throw new ArtifactIntegrityException(
                    "artifact of "
                            + model
                            + " v"
                            + version
                            + " fails its sha256 check (registry "
                            + expectedSha256
                            + ", files "
                            + actual
                            + "): refusing to load "
                            + dir);
        }
        return dir;
    }
}
