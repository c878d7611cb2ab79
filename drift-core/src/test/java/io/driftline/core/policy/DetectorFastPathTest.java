package io.driftline.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.DriftReport;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.TriggerReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A change detector's drift on the error stream raises a trigger without K drifted windows. */
class DetectorFastPathTest {

    static final RetrainPolicy ON =
            new RetrainPolicy(
                    new RetrainPolicyConfig(
                            2, 100, Duration.ofHours(1), Map.of(), Duration.ofHours(24), true));

    static DriftReport withSignal(int window, String signal) {
        return withSignal(window, signal, false);
    }

    static DriftReport withSignal(int window, String signal, boolean featureDrift) {
        DriftReport r = RetrainPolicyTest.report("m", window, featureDrift, false, 1000);
        return new DriftReport(
                r.reportId(),
                r.model(),
                r.modelVersion(),
                r.windowStart(),
                r.windowEnd(),
                r.n(),
                r.features(),
                r.performance(),
                List.of(new DriftReport.DetectorSignal("adwin", "error_stream", signal)),
                r.severity(),
                r.referenceVersion());
    }

    static List<RetrainTrigger> run(RetrainPolicy policy, DriftReport... reports) {
        PolicyState[] state = {PolicyState.initial()};
        return java.util.Arrays.stream(reports)
                .map(
                        r -> {
                            RetrainPolicy.Decision d = policy.onReport(state[0], r);
                            state[0] = d.state();
                            return d.trigger();
                        })
                .flatMap(Optional::stream)
                .toList();
    }

    @Test
    void aDetectorsDriftIsATriggerAtTheEndOfItsWindow() {
        List<RetrainTrigger> triggers = run(ON, withSignal(0, "warning"), withSignal(1, "drift"));

        assertThat(triggers)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.reason()).isEqualTo(TriggerReason.PERFORMANCE);
                            assertThat(t.evidence().reportIds()).containsExactly("m-120000");
                            assertThat(t.evidence().statistics())
                                    .containsEntry("adwin.error_stream", 1.0)
                                    .containsKey("accuracy");
                            assertThat(t.evidence().summary())
                                    .contains("change detector adwin.error_stream");
                        });
    }

    @Test
    void withDriftedFeaturesTheReasonIsDriftAndTheirStatisticsAreEvidence() {
        List<RetrainTrigger> triggers = run(ON, withSignal(0, "drift", true));

        assertThat(triggers)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.reason()).isEqualTo(TriggerReason.DRIFT);
                            assertThat(t.evidence().reportIds()).containsExactly("m-60000");
                            assertThat(t.evidence().statistics())
                                    .containsEntry("adwin.error_stream", 1.0)
                                    .containsEntry("x.psi", 0.5);
                            assertThat(t.evidence().summary())
                                    .startsWith("change detector adwin.error_stream")
                                    .contains("1 drifted windows in a row");
                        });
    }

    @Test
    void theCooldownHoldsForTheFastPathToo() {
        assertThat(run(ON, withSignal(0, "drift"), withSignal(1, "drift"))).hasSize(1);
    }

    @Test
    void offItWaitsForDriftedWindows() {
        RetrainPolicy off =
                new RetrainPolicy(
                        new RetrainPolicyConfig(
                                2,
                                100,
                                Duration.ofHours(1),
                                Map.of(),
                                Duration.ofHours(24),
                                false));

        assertThat(run(off, withSignal(0, "drift"), withSignal(1, "drift"))).isEmpty();
    }

    @Test
    void aSmallWindowsSignalIsIgnoredLikeTheWindow() {
        DriftReport small = withSignal(0, "drift");
        DriftReport tiny =
                new DriftReport(
                        small.reportId(),
                        small.model(),
                        small.modelVersion(),
                        small.windowStart(),
                        small.windowEnd(),
                        10,
                        small.features(),
                        small.performance(),
                        small.detectors(),
                        small.severity(),
                        small.referenceVersion());
        assertThat(run(ON, tiny)).isEmpty();
    }
}
