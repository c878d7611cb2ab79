package io.driftline.trainer.registry;

/**
 * A model artifact is missing or does not match the sha256 recorded in the registry, so it must not
 * be loaded.
 */
public class ArtifactIntegrityException extends Exception {

    private static final long serialVersionUID = 1L;

    public ArtifactIntegrityException(String message) {
        super(message);
    }

    public ArtifactIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
