package io.driftline.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.metrics.SeriesWindow;
import io.driftline.core.performance.RegressionAccumulator;
import io.driftline.core.profile.ReferenceProfileCheck;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.window.DriftReportAssembler;
import io.driftline.events.DriftReport;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureKind;
import io.driftline.events.FeatureProfile;
import io.driftline.events.ModelPublished;
import io.driftline.events.Severity;
import io.driftline.operators.window.DriftDetectionFunctionTest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The guards that keep valid but extreme inputs from stopping a job: overflow-safe arithmetic,
 * finite reports, reference profiles checked in full, report ids that cannot collide.
 */
class RobustnessGuardsTest {

    @Test
    void regressionErrorsOfExtremeButFiniteValuesStayFinite() {
        RegressionAccumulator acc = new RegressionAccumulator();
        for (int i = 0; i < 1000; i++) {
            acc.add(0, 1e200 * (i % 2 == 0 ? 1 : -1));
        }
        assertThat(acc.rmse())
                .isCloseTo(1e200, org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(acc.mae())
                .isCloseTo(1e200, org.assertj.core.data.Percentage.withPercentage(1e-9));

        RegressionAccumulator extreme = new RegressionAccumulator();
        extreme.add(-1e308, 1e308); // the difference overflows a double
        assertThat(extreme.clamped()).isEqualTo(1);
        assertThat(extreme.rmse()).isEqualTo(Double.MAX_VALUE);
        acc.merge(extreme);
        assertThat(Double.isFinite(acc.rmse())).isTrue();
        assertThat(acc.count()).isEqualTo(1001);
    }

    @Test
    void regressionStatisticsMatchTheTextbookFormulaOnOrdinaryValues() {
        SplittableRandom rnd = new SplittableRandom(7);
        RegressionAccumulator a = new RegressionAccumulator();
        RegressionAccumulator b = new RegressionAccumulator();
        double sumAbs = 0;
        double sumSq = 0;
        for (int i = 0; i < 2000; i++) {
            double actual = rnd.nextGaussian() * 10;
            double predicted = actual + rnd.nextGaussian();
            (i < 700 ? a : b).add(actual, predicted);
            sumAbs += Math.abs(predicted - actual);
            sumSq += (predicted - actual) * (predicted - actual);
        }
        a.merge(b);
        assertThat(a.mae()).isCloseTo(sumAbs / 2000, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(a.rmse())
                .isCloseTo(Math.sqrt(sumSq / 2000), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aRunningMeanOfExtremeSamplesDoesNotOverflow() {
        double mean = 0;
        double[] samples = {1e308, -1e308, -1e308, -1e308};
        for (int i = 0; i < samples.length; i++) {
            mean = SeriesWindow.runningMean(mean, samples[i], i + 1);
        }
        assertThat(mean).isCloseTo(-0.5e308, org.assertj.core.data.Percentage.withPercentage(1e-9));
    }

    @Test
    void aReportWithNonFiniteNumbersIsMadeWritableAndSaysWhatWasLeftOut() {
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("psi", 0.3);
        stats.put("wasserstein", Double.POSITIVE_INFINITY);
        stats.put("js", Double.NaN);
        DriftReport report =
                new DriftReport(
                        "m:1",
                        "m",
                        null,
                        0,
                        1,
                        10,
                        List.of(
                                new DriftReport.FeatureDrift(
                                        "x", FeatureKind.NUMERIC, stats, Double.NaN, true)),
                        new DriftReport.PerformanceDrift(
                                "rmse",
                                Double.POSITIVE_INFINITY,
                                1.0,
                                Double.POSITIVE_INFINITY,
                                Severity.DRIFT),
                        List.of(),
                        Severity.DRIFT,
                        "learned");

        DriftReport finite = DriftReportAssembler.finite(report);

        assertThat(EventJson.parseDriftReport(EventJson.toJson(finite)).isValid()).isTrue();
        assertThat(finite.features().get(0).statistics())
                .containsEntry("psi", 0.3)
                .containsEntry("wasserstein_excluded", 1.0)
                .containsEntry("js_excluded", 1.0)
                .doesNotContainKeys("wasserstein", "js");
        assertThat(finite.features().get(0).pValue()).isNull();
        assertThat(finite.performance().value()).isEqualTo(Double.MAX_VALUE);
        DriftReport fine = DriftReportAssembler.finite(finite);
        assertThat(fine).isSameAs(finite);
    }

    @Test
    void reportIdsOfDifferentModelsSegmentsAndMetricReportsNeverCollide() {
        assertThat(DriftReportAssembler.reportId("m-metrics", 60_000))
                .isNotEqualTo(DriftReportAssembler.metricReportId("m", 60_000));
        assertThat(DriftReportAssembler.reportId("a.b", 60_000))
                .isNotEqualTo(DriftReportAssembler.reportId("a|b", 60_000));
        assertThat(DriftReportAssembler.reportId("m|x:1", 60_000))
                .isNotEqualTo(DriftReportAssembler.reportId("m|x", 160_000))
                .isEqualTo("m:segment=x%3A1:60000");
    }

    @Test
    void aModelUpdateWithACorruptSketchIsRefusedWithAReason() {
        ModelPublished good = DriftDetectionFunctionTest.published(1, 0, 1);
        ReferenceProfileCheck check = new ReferenceProfileCheck(SummaryConfig.defaults());
        assertThat(check.problem(good)).isNull();

        SplittableRandom rnd = new SplittableRandom(11);
        int refused = 0;
        for (int trial = 0; trial < 200; trial++) {
            byte[] garbage = new byte[1 + rnd.nextInt(300)];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) rnd.nextInt(256);
            }
            garbage[0] = 1; // the right format version, so the KLL image itself is garbage
            Map<String, FeatureProfile> features =
                    new LinkedHashMap<>(good.referenceProfile().features());
            FeatureProfile x = features.get("x");
            features.put(
                    "x",
                    new FeatureProfile(
                            FeatureKind.NUMERIC,
                            x.count(),
                            x.missing(),
                            Base64.getEncoder().encodeToString(garbage),
                            Map.of(),
                            0));
            ModelPublished corrupt =
                    withProfile(
                            good,
                            new io.driftline.events.ReferenceProfile(
                                    good.referenceProfile().sampleCount(),
                                    features,
                                    good.referenceProfile().baselinePerformance()));
            String problem = check.problem(corrupt);
            if (problem != null) {
                refused++;
                assertThat(problem).startsWith("invalid reference profile: ");
            }
        }
        assertThat(refused).isEqualTo(200);

        // counts that disagree with the sample count
        Map<String, FeatureProfile> features =
                new LinkedHashMap<>(good.referenceProfile().features());
        ModelPublished tooFew =
                withProfile(
                        good,
                        new io.driftline.events.ReferenceProfile(
                                10, features, good.referenceProfile().baselinePerformance()));
        assertThat(check.problem(tooFew)).contains("exceed sample_count 10");
    }

    private static ModelPublished withProfile(
            ModelPublished p, io.driftline.events.ReferenceProfile profile) {
        return new ModelPublished(
                p.model(),
                p.version(),
                p.parentVersion(),
                p.triggerId(),
                p.artifactUri(),
                p.sha256(),
                p.metrics(),
                p.stage(),
                profile,
                p.publishedAt());
    }
}
