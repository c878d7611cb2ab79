package io.driftline.operators.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.watchdog.WatchdogEvent;
import io.driftline.core.watchdog.WatchdogEvent.Kind;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.RawRecord;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Raw records of the three watchdog topics become watchdog events or dead letters with a reason.
 */
class WatchdogInputFunctionTest {

    @Test
    void eachTopicIsParsedAsItsContractAndInvalidRecordsAreDeadLettered() throws Exception {
        try (var h =
                new OneInputStreamOperatorTestHarness<RawRecord, WatchdogEvent>(
                        new ProcessOperator<>(
                                new WatchdogInputFunction(
                                        "status", "triggers", "reports", EventLimits.DEFAULTS)))) {
            h.setup(
                    TypeInformation.of(WatchdogEvent.class)
                            .createSerializer(
                                    new org.apache.flink.api.common.serialization
                                            .SerializerConfigImpl()));
            h.open();
            RetrainTrigger running =
                    RetrainTrigger.pending(
                                    "fraud",
                                    10L,
                                    TriggerReason.DRIFT,
                                    Severity.DRIFT,
                                    null,
                                    20L,
                                    false)
                            .withStatus(TriggerStatus.RUNNING, 30L);
            h.processElement(
                    raw(
                            "status",
                            0,
                            EventJson.toJson(
                                    RetrainStatus.of(
                                            running,
                                            running.withStatus(TriggerStatus.FAILED, 40L)
                                                    .withError("oom"),
                                            40L))));
            h.processElement(raw("triggers", 1, EventJson.toJson(running)));
            h.processElement(
                    raw(
                            "reports",
                            2,
                            EventJson.toJson(
                                    new DriftReport(
                                            "r1",
                                            "fraud",
                                            null,
                                            0L,
                                            60L,
                                            10L,
                                            null,
                                            null,
                                            null,
                                            Severity.DRIFT,
                                            null))));
            byte[] bad =
                    "{\"trigger_id\":\"t\",\"model\":\"fraud\",\"to\":\"exploded\",\"ts\":1}"
                            .getBytes(StandardCharsets.UTF_8);
            h.processElement(raw("status", 3, bad));
            h.processElement(raw("elsewhere", 4, EventJson.toJson(running)));

            assertThat(h.extractOutputValues())
                    .containsExactly(
                            new WatchdogEvent(
                                    "fraud", Kind.FAILED, running.triggerId(), 40L, "oom", 1),
                            new WatchdogEvent(
                                    "fraud", Kind.RUNNING, running.triggerId(), 30L, null, 1),
                            new WatchdogEvent("fraud", Kind.DRIFT, null, 60L, "r1", 0));
            var deadLetters = h.getSideOutput(WatchdogInputFunction.DEAD_LETTERS);
            assertThat(deadLetters).hasSize(2);
            DeadLetter first = deadLetters.poll().getValue();
            assertThat(first.reason())
                    .isEqualTo(
                            "invalid value: to (expected pending|running|completed|failed|rejected|resolved_manually)");
            assertThat(first.payload()).isEqualTo(bad);
            assertThat(first.offset()).isEqualTo(3L);
            assertThat(deadLetters.poll().getValue().reason())
                    .isEqualTo("invalid value: topic (not a watchdog input)");
        }
    }

    @Test
    void aNewTriggerIsCreatedAndRequeueingEndsTheRun() {
        RetrainTrigger pending =
                RetrainTrigger.pending(
                        "fraud", 10L, TriggerReason.DRIFT, Severity.DRIFT, null, 20L, false);
        assertThat(WatchdogInputFunction.fromTrigger(pending).kind()).isEqualTo(Kind.CREATED);
        assertThat(WatchdogInputFunction.fromStatus(RetrainStatus.of(null, pending, 20L)).kind())
                .isEqualTo(Kind.CREATED);
        RetrainTrigger running = pending.withStatus(TriggerStatus.RUNNING, 30L);
        assertThat(
                        WatchdogInputFunction.fromStatus(
                                        RetrainStatus.of(
                                                running,
                                                running.withStatus(TriggerStatus.PENDING, 50L),
                                                50L))
                                .kind())
                .isEqualTo(Kind.ENDED);
    }

    private static StreamRecord<RawRecord> raw(String topic, long offset, byte[] value) {
        return new StreamRecord<>(new RawRecord(topic, 0, offset, 0L, null, value));
    }
}
