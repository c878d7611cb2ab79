package io.driftline.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy =
                RetryPolicy.exponential(3, Duration.ofSeconds(5), Duration.ofSeconds(15));

        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.backoffAfter(1_000)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void retriesUntilMaxAttempts() {
        RetryPolicy policy = RetryPolicy.exponential(3, Duration.ZERO, Duration.ZERO);

        assertThat(policy.retriesAfter(1)).isTrue();
        assertThat(policy.retriesAfter(2)).isTrue();
        assertThat(policy.retriesAfter(3)).isFalse();
        assertThat(RetryPolicy.exponential(1, Duration.ZERO, Duration.ZERO).retriesAfter(1))
                .isFalse();
    }

    @Test
    void fixedWaitsTheSameAndNeverGivesUp() {
        RetryPolicy policy = RetryPolicy.fixed(Duration.ofSeconds(2));

        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffAfter(50)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.retriesAfter(1_000_000)).isTrue();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> RetryPolicy.exponential(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts must be >= 1");
        assertThatThrownBy(
                        () ->
                                RetryPolicy.exponential(
                                        2, Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be >= 0 and <= maxBackoff");
    }
}
