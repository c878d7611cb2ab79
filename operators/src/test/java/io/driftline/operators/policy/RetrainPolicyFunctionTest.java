package io.driftline.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.policy.PolicyState;
import io.driftline.core.policy.RetrainPolicyConfig;
import io.driftline.core.policy.RetrainPolicyTest;
import io.driftline.events.DriftReport;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.operators.serialization.EventJsonSerializer;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

public class RetrainPolicyFunctionTest {

    static KeyedTwoInputStreamOperatorTestHarness<
                    String, DriftReport, RetrainStatus, RetrainTrigger>
            harness(RetrainPolicyConfig config) throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new RetrainPolicyFunction(config)),
                        (KeySelector<DriftReport, String>) DriftReport::model,
                        (KeySelector<RetrainStatus, String>) RetrainStatus::model,
                        Types.STRING);
        h.setup(new EventJsonSerializer<>(RetrainTrigger.class));
        h.open();
        return h;
    }

    @Test
    void driftReportsBecomeOneTriggerAndStatusesReleaseTheDedup() throws Exception {
        try (var h =
                harness(
                        new RetrainPolicyConfig(
                                2, 100, Duration.ZERO, Map.of(), Duration.ofHours(1)))) {
            h.processElement1(RetrainPolicyTest.report("m", 0, true, false, 1000), 0);
            h.processElement1(RetrainPolicyTest.report("m", 1, true, false, 1000), 0);
            h.processElement1(RetrainPolicyTest.report("m", 2, true, false, 1000), 0);
            h.processElement1(RetrainPolicyTest.report("m", 3, true, false, 1000), 0);
            assertThat(h.extractOutputValues()).hasSize(1); // the first is still pending
            RetrainTrigger first = h.extractOutputValues().get(0);

            h.processElement2(
                    RetrainPolicyTest.status(first, TriggerStatus.RUNNING, TriggerStatus.FAILED, 5),
                    0);
            h.processElement1(RetrainPolicyTest.report("m", 4, true, false, 1000), 0);
            h.processElement1(RetrainPolicyTest.report("m", 5, true, false, 1000), 0);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.numProcessingTimeTimers()).isZero(); // no schedule, no timers
        }
    }

    @Test
    void scheduledRetrainsComeFromProcessingTimeTimers() throws Exception {
        Duration week = Duration.ofDays(7);
        try (var h =
                harness(
                        new RetrainPolicyConfig(
                                2, 100, Duration.ZERO, Map.of("m", week), Duration.ofHours(1)))) {
            h.setProcessingTime(1_000);
            h.processElement1(RetrainPolicyTest.report("m", 0, false, false, 1000), 0);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);

            h.setProcessingTime(1_000 + week.toMillis());
            assertThat(h.extractOutputValues())
                    .extracting(RetrainTrigger::reason)
                    .containsExactly(TriggerReason.SCHEDULE);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1); // the next one is armed
        }
    }

    @Test
    void metricReportsKeepTheirOwnStreakButShareDedupAndCooldown() throws Exception {
        try (var h =
                harness(
                        new RetrainPolicyConfig(
                                2, 1, Duration.ofHours(1), Map.of(), Duration.ofHours(24)))) {
            // feature reports and metric reports of the same windows interleave
            for (int w = 0; w < 2; w++) {
                h.processElement1(RetrainPolicyTest.report("m", w, false, false, 1000), 0);
                h.processElement1(metricReport(w, true), 0);
            }
            assertThat(h.extractOutputValues())
                    .extracting(RetrainTrigger::reason)
                    .containsExactly(TriggerReason.PERFORMANCE);
            // feature drift right after: the shared cooldown holds it back
            h.processElement1(RetrainPolicyTest.report("m", 2, true, false, 1000), 0);
            h.processElement1(RetrainPolicyTest.report("m", 3, true, false, 1000), 0);
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }

    public static DriftReport metricReport(int window, boolean anomalous) {
        long end = (window + 1) * 60_000L;
        return new DriftReport(
                "m-metrics-" + end,
                "m",
                null,
                end - 60_000,
                end,
                6,
                java.util.List.of(),
                anomalous
                        ? new DriftReport.PerformanceDrift(
                                "model_accuracy",
                                0.4,
                                0.6,
                                -0.2,
                                io.driftline.events.Severity.DRIFT)
                        : null,
                java.util.List.of(
                        new DriftReport.DetectorSignal(
                                "threshold", "model_accuracy{model=\"m\"}", "drift")),
                anomalous ? io.driftline.events.Severity.DRIFT : io.driftline.events.Severity.NONE,
                null,
                null,
                io.driftline.events.ReportKind.METRIC);
    }

    @Test
    void policyStateIsAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PolicyState.class);
    }
}
