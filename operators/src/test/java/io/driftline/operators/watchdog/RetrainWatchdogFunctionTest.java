package io.driftline.operators.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.watchdog.ModelWatch;
import io.driftline.core.watchdog.RetrainWatchdogTest;
import io.driftline.core.watchdog.TriggerWatch;
import io.driftline.core.watchdog.WatchdogEvent;
import io.driftline.core.watchdog.WatchdogEvent.Kind;
import io.driftline.events.Alert;
import io.driftline.operators.serialization.EventJsonSerializer;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * The watchdog function in Flink's keyed operator harness: alerts fire and resolve on
 * processing-time timers, one timer per model, and state and timers are gone once nothing is
 * pending.
 */
class RetrainWatchdogFunctionTest {

    static KeyedOneInputStreamOperatorTestHarness<String, WatchdogEvent, Alert> harness()
            throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new RetrainWatchdogFunction(RetrainWatchdogTest.CONFIG)),
                        WatchdogEvent::model,
                        Types.STRING);
        harness.setup(new EventJsonSerializer<>(Alert.class));
        harness.open();
        return harness;
    }

    static StreamRecord<WatchdogEvent> status(String model, Kind kind, String trigger, long ts) {
        return new StreamRecord<>(new WatchdogEvent(model, kind, trigger, ts, "boom", 2));
    }

    @Test
    void failedAndLongDurationFireAndResolveOnTimersThenStateIsCleared() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(1_000);
            h.processElement(status("fraud", Kind.RUNNING, "t1", 1_000));
            h.processElement(status("churn", Kind.FAILED, "t9", 1_000));
            assertThat(h.numProcessingTimeTimers()).isEqualTo(2);
            assertThat(alerts(h))
                    .extracting(Alert::alertname, Alert::resolved)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Alert.AUTO_RETRAIN_FAILED, false));

            h.setProcessingTime(2_000); // churn's failure window (1 s) is over
            assertThat(alerts(h))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertname()).isEqualTo(Alert.AUTO_RETRAIN_FAILED);
                                assertThat(a.model()).isEqualTo("churn");
                                assertThat(a.endsAt()).isEqualTo(2_000);
                            });
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);

            h.setProcessingTime(3_000); // fraud's trigger runs longer than 2 s
            assertThat(alerts(h))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertname())
                                        .isEqualTo(Alert.AUTO_RETRAIN_LONG_DURATION);
                                assertThat(a.labels()).containsEntry("trigger_id", "t1");
                                assertThat(a.resolved()).isFalse();
                            });
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);

            h.setProcessingTime(3_500);
            h.processElement(status("fraud", Kind.ENDED, "t1", 3_500));
            assertThat(alerts(h))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertname())
                                        .isEqualTo(Alert.AUTO_RETRAIN_LONG_DURATION);
                                assertThat(a.endsAt()).isEqualTo(3_500);
                            });

            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aSupersededDeadlineDeletesItsTimer() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(1_000);
            h.processElement(status("fraud", Kind.FAILED, "t1", 1_000));
            h.setProcessingTime(1_200);
            h.processElement(status("fraud", Kind.COMPLETED, "t2", 1_200));

            assertThat(alerts(h)).extracting(Alert::resolved).containsExactly(false, true);
            // one timer left: when the completion stops mattering for NoRetrainWithDrift
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);

            h.setProcessingTime(31_200);
            assertThat(alerts(h)).isEmpty();
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void noRetrainWithDriftFiresOnItsTimerAndResolvesOnACompletedRetrain() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(1_000);
            h.processElement(
                    new StreamRecord<>(
                            new WatchdogEvent("fraud", Kind.DRIFT, null, 1_000, "r1", 0)));
            h.setProcessingTime(31_000);
            assertThat(alerts(h))
                    .singleElement()
                    .extracting(Alert::alertname)
                    .isEqualTo(Alert.NO_RETRAIN_WITH_DRIFT);

            h.processElement(status("fraud", Kind.COMPLETED, "t1", 31_500));
            assertThat(alerts(h))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertname()).isEqualTo(Alert.NO_RETRAIN_WITH_DRIFT);
                                assertThat(a.resolved()).isTrue();
                            });
        }
    }

    @Test
    void stateTravelsAsPojoNotKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WatchdogEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ModelWatch.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(TriggerWatch.class);
    }

    private static List<Alert> alerts(
            KeyedOneInputStreamOperatorTestHarness<String, WatchdogEvent, Alert> h) {
        List<Alert> out = List.copyOf(h.extractOutputValues());
        h.getOutput().clear();
        return out;
    }
}
