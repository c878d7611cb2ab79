package io.driftline.trainer.pipeline;

/**
 * A retrain could not produce a candidate. Data-validation failures (for example "insufficient
 * data: 120 < 500"), a training timeout and a non-finite loss are not retryable; transient faults
 * (a lost MongoDB connection, I/O) are.
 */
public class TrainingFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public TrainingFailedException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public TrainingFailedException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
