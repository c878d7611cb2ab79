package io.driftline.trainer.publish;

/** A registered model version could not be published on {@code driftline.model-updates}. */
public class ModelPublishException extends PublishException {

    private static final long serialVersionUID = 1L;

    public ModelPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
