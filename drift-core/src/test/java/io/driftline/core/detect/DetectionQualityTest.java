package io.driftline.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.bench.DetectionQualityBenchmark;
import io.driftline.core.detect.DetectionExperiment.AbruptResult;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.detect.hddm.HddmWDetector;
import io.driftline.core.detect.pagehinkley.PageHinkleyDetector;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Detection quality at the defaults, on seeded Bernoulli error streams with an abrupt change at t =
 * 20,000 (200 runs, seeds 1..200, each a {@link java.util.SplittableRandom}), and false alarms on
 * stationary streams.
 *
 * <p>Reference figures (mean delay in observations / false alarms per run before the change), as
 * given for the standard implementations (MOA) with these parameters: ADWIN 93 / 0 (0.2 → 0.5) and
 * 423 / 0 (0.2 → 0.3); HDDM-W 37.5 and 349 / 1.3; Page-Hinkley 313 and 966 / 0.01. Ours must be
 * within 25 % of the delays with no more false alarms per run.
 */
class DetectionQualityTest {

    private static final int CHANGE_AT = DetectionQualityBenchmark.CHANGE_AT;
    private static final int RUNS = 200;
    private static final int HORIZON = 10_000;

    static Stream<Arguments> referenceFigures() {
        return Stream.of(
                Arguments.of("adwin", sup(AdwinDetector::new), 0.5, 93.0, 0.0),
                Arguments.of("adwin", sup(AdwinDetector::new), 0.3, 423.0, 0.0),
                Arguments.of("hddm_w", sup(HddmWDetector::new), 0.5, 37.5, 1.3),
                Arguments.of("hddm_w", sup(HddmWDetector::new), 0.3, 349.0, 1.3),
                // MOA's PageHinkleyDM: δ = 0.005, λ = 50, α = 0.9999, 30 instances, on the raw 0/1
                // stream, faded sum without a running minimum (see PageHinkleyDetector).
                Arguments.of("page_hinkley", sup(PageHinkleyDetector::new), 0.5, 313.0, 0.01),
                Arguments.of("page_hinkley", sup(PageHinkleyDetector::new), 0.3, 966.0, 0.01));
    }

    private static Supplier<ChangeDetector> sup(Supplier<ChangeDetector> s) {
        return s;
    }

    @ParameterizedTest(name = "{0} 0.2->{2}")
    @MethodSource("referenceFigures")
    void matchesTheReferenceDelayAndFalseAlarms(
            String name,
            Supplier<ChangeDetector> factory,
            double after,
            double referenceDelay,
            double referenceFalseAlarms) {
        AbruptResult result =
                DetectionExperiment.abruptBernoulli(
                        factory, 0.2, after, CHANGE_AT, HORIZON, RUNS, 1L);
        assertThat(result.missed()).isZero();
        assertThat(result.meanDelay()).isLessThanOrEqualTo(1.25 * referenceDelay);
        assertThat(result.falseAlarmsPerRun()).isLessThanOrEqualTo(referenceFalseAlarms);
    }

    @Test
    void theOtherDetectorsFindTheLargeChangeInNearlyEveryRun() {
        // Measured (200 runs, horizon 10,000): DDM 1822 / 0.40 FA / 4 missed, EDDM 1326 / 6.5 / 0,
        // HDDM-A 146 / 0.36 / 0, KSWIN 137 / 0 / 0 (at the paper's parameters it was 1462 / 0.22 /
        // 7), CUSUM 93 / 0.01 / 0 (the standardized CUSUM it replaced: 36 / 0.36 / 0, but 17
        // missed rises to 0.3). The bounds leave room for changes of implementation detail but
        // fail on a detector that stops working.
        assertOther("ddm", 0.95, 3_000, 1.0);
        assertOther("eddm", 0.99, 3_000, 10.0);
        assertOther("hddm_a", 1.0, 300, 1.0);
        assertOther("kswin", 0.99, 300, 0.1);
        assertOther("cusum", 0.99, 150, 0.1);
    }

    private static void assertOther(
            String name, double detectedShare, double maxDelay, double maxFalseAlarms) {
        AbruptResult result =
                DetectionExperiment.abruptBernoulli(
                        DetectionQualityBenchmark.detectors().get(name),
                        0.2,
                        0.5,
                        CHANGE_AT,
                        HORIZON,
                        RUNS,
                        1L);
        assertThat(RUNS - result.missed())
                .as(name)
                .isGreaterThanOrEqualTo((int) (detectedShare * RUNS));
        assertThat(result.meanDelay()).as(name).isLessThanOrEqualTo(maxDelay);
        assertThat(result.falseAlarmsPerRun()).as(name).isLessThanOrEqualTo(maxFalseAlarms);
    }

    static Stream<Arguments> stationaryStreams() {
        return DetectionQualityBenchmark.detectors().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stationaryStreams")
    void stationaryFalseAlarmsStayUnderTheDeclaredRate(
            String name, Supplier<ChangeDetector> factory) {
        ChangeDetector probe = factory.get();
        double declared = probe.declaredFalseAlarmRate();
        // 50 runs x 20,000 observations per stream (10^6 observations).
        for (double rate : new double[] {0.01, 0.05, 0.2, 0.5}) {
            assertThat(DetectionExperiment.stationaryBernoulliRate(factory, rate, 20_000, 50, 7L))
                    .as("%s on Bernoulli(%s)", name, rate)
                    .isLessThanOrEqualTo(declared);
        }
        if (probe.input() == DetectorInput.REAL_VALUE) {
            // Page-Hinkley's λ and CUSUM's k and h are in input units: their declared rates hold
            // for spreads up to about 0.5 (the largest of a 0/1 stream).
            double sd =
                    probe.kind() == DetectorKind.PAGE_HINKLEY || probe.kind() == DetectorKind.CUSUM
                            ? 0.5
                            : 1.0;
            assertThat(DetectionExperiment.stationaryNormalRate(factory, 0.5, sd, 20_000, 20, 7L))
                    .as("%s on N(0.5, %s^2)", name, sd)
                    .isLessThanOrEqualTo(declared);
        }
    }
}
