package io.driftline.trainer.publish;

/** A message could not be written to Kafka (after the producer's own retries). */
public class PublishException extends Exception {

    private static final long serialVersionUID = 1L;

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
