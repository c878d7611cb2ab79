package io.driftline.events;

import static io.driftline.events.TriggerStatus.COMPLETED;
import static io.driftline.events.TriggerStatus.FAILED;
import static io.driftline.events.TriggerStatus.PENDING;
import static io.driftline.events.TriggerStatus.REJECTED;
import static io.driftline.events.TriggerStatus.RESOLVED_MANUALLY;
import static io.driftline.events.TriggerStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The trigger lifecycle, every (from, to) pair against the table in the events brief (issue 2, item
 * 2) and DESIGN.md "Contracts" / "Training service".
 */
class TriggerStatusTest {

    /** The allowed transitions, written out independently of the implementation. */
    private static final Set<List<TriggerStatus>> ALLOWED =
            Set.of(
                    List.of(PENDING, RUNNING),
                    List.of(PENDING, RESOLVED_MANUALLY),
                    List.of(RUNNING, COMPLETED),
                    List.of(RUNNING, FAILED),
                    List.of(RUNNING, REJECTED),
                    List.of(RUNNING, RESOLVED_MANUALLY),
                    List.of(RUNNING, PENDING),
                    List.of(FAILED, PENDING),
                    List.of(FAILED, RESOLVED_MANUALLY));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (TriggerStatus from : TriggerStatus.values()) {
            for (TriggerStatus to : TriggerStatus.values()) {
                pairs.add(Arguments.of(from, to, ALLOWED.contains(List.of(from, to))));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void transitionTable(TriggerStatus from, TriggerStatus to, boolean allowed) {
        assertThat(from.canTransitionTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void withStatusFollowsTheTable(TriggerStatus from, TriggerStatus to, boolean allowed) {
        RetrainTrigger trigger = inStatus(from);

        if (allowed) {
            assertThat(trigger.withStatus(to, 10L).status()).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> trigger.withStatus(to, 10L))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(
                            from.name().toLowerCase(java.util.Locale.ROOT)
                                    + " -> "
                                    + to.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void exactlyNinePairsAreAllowed() {
        long allowed = everyPair().filter(pair -> (boolean) pair.get()[2]).count();

        assertThat(allowed).isEqualTo(9);
        assertThat(TriggerStatus.values()).hasSize(6);
    }

    @Test
    void terminalAndActiveStatuses() {
        assertThat(Stream.of(TriggerStatus.values()).filter(TriggerStatus::isTerminal))
                .containsExactly(COMPLETED, REJECTED, RESOLVED_MANUALLY);
        assertThat(Stream.of(TriggerStatus.values()).filter(TriggerStatus::isActive))
                .containsExactly(PENDING, RUNNING);
        assertThat(PENDING.canTransitionTo(null)).isFalse();
    }

    private static RetrainTrigger inStatus(TriggerStatus status) {
        return RetrainTrigger.pending("m", 0L, TriggerReason.MANUAL, Severity.NONE, null, 0L, false)
                .inStatus(status);
    }
}
