package io.driftline.trainer.core;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try again after a failure and how long to wait first: up to {@code maxAttempts} attempts,
 * the wait starting at {@code initialBackoff} and doubling after each failed attempt, up to {@code
 * maxBackoff}. The one place the trainer computes a retry wait.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.exponential(3, Duration.ofSeconds(5), Duration.ofMinutes(5));
 * if (policy.retriesAfter(attempt)) {
 *     Thread.sleep(policy.backoffAfter(attempt).toMillis());
 * }
 * }</pre>
 *
 * @param maxAttempts attempts in all, 1 = no retry
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    String.format("maxAttempts must be >= 1 (1 = no retry), got %s", maxAttempts));
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "initialBackoff (%s) must be >= 0 and <= maxBackoff (%s)",
                            initialBackoff, maxBackoff));
        }
    }

    /**
     * Up to {@code maxAttempts} attempts, waits doubling from {@code initial} up to {@code max}.
     */
    public static RetryPolicy exponential(int maxAttempts, Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max);
    }

    /** Tries again without end, always after {@code wait}. */
    public static RetryPolicy fixed(Duration wait) {
        return new RetryPolicy(Integer.MAX_VALUE, wait, wait);
    }

    /** Whether another attempt follows failed attempt number {@code attempt} (1-based). */
    public boolean retriesAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based) before the next one: {@code
     * initialBackoff × 2^(attempt-1)}, at most {@code maxBackoff}.
     */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
