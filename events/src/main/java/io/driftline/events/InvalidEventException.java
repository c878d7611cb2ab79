package io.driftline.events;

/**
 * Thrown inside the decoder to abandon a message with its reason; {@link EventJson} turns it into
 * {@link ParseResult.Invalid}, so it never escapes the package.
 */
final class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidEventException(String reason) {
        // No stack trace: invalid input is data, and rejecting it should cost little.
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
