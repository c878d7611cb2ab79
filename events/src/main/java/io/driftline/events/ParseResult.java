package io.driftline.events;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of parsing one message: the value, or the reason it is invalid.
 *
 * @param <T> the message type
 */
public sealed interface ParseResult<T> permits ParseResult.Valid, ParseResult.Invalid {

    /** Whether the message parsed and passed validation. */
    boolean isValid();

    /**
     * The parsed message.
     *
     * @throws IllegalStateException if invalid
     */
    T value();

    /**
     * Why the message is invalid, e.g. {@code missing field: event_id}.
     *
     * @throws IllegalStateException if valid
     */
    String reason();

    /** The value when valid, empty otherwise. */
    default Optional<T> toOptional() {
        return isValid() ? Optional.of(value()) : Optional.empty();
    }

    /**
     * A message that parsed and passed validation.
     *
     * @param value the message
     */
    record Valid<T>(T value) implements ParseResult<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public String reason() {
            throw new IllegalStateException("a valid result has no reason");
        }
    }

    /**
     * A message that was rejected.
     *
     * @param reason why, starting with a category, e.g. {@code wrong type: ts (expected integer,
     *     got string)}
     */
    record Invalid<T>(String reason) implements ParseResult<T> {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("invalid event: " + reason);
        }
    }
}
