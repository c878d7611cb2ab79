package io.driftline.jobs.watchdog;

import static io.driftline.jobs.TestingRecordSource.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.Alert;
import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.jobs.TestingRecordSource;
import io.driftline.jobs.TestingSink;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retrain watchdog job's graph ({@link RetrainWatchdogJob#build}) on a MiniCluster with an
 * in-memory status stream: a retrain that fails raises {@code AutoRetrainFailed} with the trigger
 * and the error, one that completes raises nothing, and an invalid status is dead-lettered with its
 * reason.
 */
class RetrainWatchdogJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final String STATUS = "driftline.retrain-status";

    @Test
    void aFailedRetrainRaisesAutoRetrainFailed() throws Exception {
        long start = System.currentTimeMillis() - 1_000;
        RetrainTrigger failing = trigger("churn", start);
        RetrainTrigger running = failing.withStatus(TriggerStatus.RUNNING, start);
        RetrainTrigger failed =
                running.withStatus(TriggerStatus.FAILED, start + 100).withError("too few rows");
        RetrainTrigger fine = trigger("fraud", start);
        RetrainTrigger fineRunning = fine.withStatus(TriggerStatus.RUNNING, start);
        byte[] bad =
                utf8("{\"trigger_id\":\"x\",\"model\":\"churn\",\"to\":\"exploded\",\"ts\":1}");
        List<byte[]> statuses =
                List.of(
                        EventJson.toJson(RetrainStatus.of(null, failing, start)),
                        EventJson.toJson(RetrainStatus.of(null, fine, start)),
                        EventJson.toJson(RetrainStatus.of(failing, running, start)),
                        EventJson.toJson(RetrainStatus.of(fine, fineRunning, start)),
                        bad,
                        EventJson.toJson(RetrainStatus.of(running, failed, start + 100)),
                        EventJson.toJson(
                                RetrainStatus.of(
                                        fineRunning,
                                        fineRunning.withStatus(
                                                TriggerStatus.COMPLETED, start + 200),
                                        start + 200)));

        TestingSink<Alert> alerts = new TestingSink<>();
        TestingSink<DeadLetter> deadLetters = new TestingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().disableGenericTypes();
        RetrainWatchdogJob.build(
                env,
                RetrainWatchdogConfig.from(new Configuration(), Map.of()),
                new RetrainWatchdogJob.Sources(TestingRecordSource.of(STATUS, statuses)),
                new RetrainWatchdogJob.Sinks(alerts, deadLetters));
        env.execute("retrain-watchdog-graph");

        assertThat(alerts.collected())
                .singleElement()
                .satisfies(
                        alert -> {
                            assertThat(alert.alertname()).isEqualTo(Alert.AUTO_RETRAIN_FAILED);
                            assertThat(alert.resolved()).isFalse();
                            assertThat(alert.labels())
                                    .containsEntry(Alert.MODEL_LABEL, "churn")
                                    .containsEntry(Alert.SEVERITY_LABEL, "critical");
                            assertThat(alert.annotations().get(Alert.DESCRIPTION_ANNOTATION))
                                    .contains(failing.triggerId(), "too few rows");
                        });
        assertThat(deadLetters.collected())
                .singleElement()
                .satisfies(
                        dl -> {
                            assertThat(dl.sourceTopic()).isEqualTo(STATUS);
                            assertThat(dl.offset()).isEqualTo(4L);
                            assertThat(dl.reason()).startsWith("invalid value: to");
                            assertThat(dl.payload()).isEqualTo(bad);
                        });
    }

    private static RetrainTrigger trigger(String model, long now) {
        return RetrainTrigger.pending(
                model, now, TriggerReason.DRIFT, Severity.DRIFT, null, now, false);
    }
}
