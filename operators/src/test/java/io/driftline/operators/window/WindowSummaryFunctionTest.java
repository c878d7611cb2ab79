package io.driftline.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.window.WindowPartial;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ModelPublished;
import io.driftline.operators.serialization.WindowPartialSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The first window stage keeps its windows on the heap and checkpoints them as operator state: they
 * must come back after a restore, and after a rescale on the subtask that owns their key.
 */
class WindowSummaryFunctionTest {

    private static final long MINUTE = DriftDetectionFunctionTest.MINUTE;
    private static final int MAX_PARALLELISM = 8;

    private static KeyedBroadcastOperatorTestHarness<
                    String, FeedbackEvent, ModelPublished, WindowPartial>
            harness(int parallelism, int subtask, OperatorSubtaskState restored) throws Exception {
        SpreadKeys spread = new SpreadKeys(parallelism, MAX_PARALLELISM);
        var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new WindowSummaryFunction(
                                        DriftDetectionFunctionTest.settings(),
                                        "driftline.feedback"),
                                List.of(DriftDetectionFunction.REFERENCES)),
                        (KeySelector<FeedbackEvent, String>)
                                e -> spread.key(e.model(), e.eventId()),
                        Types.STRING,
                        MAX_PARALLELISM,
                        parallelism,
                        subtask);
        h.setup(WindowPartialSerializer.INSTANCE);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
        return h;
    }

    /** 300 predictions of models m and n in the first window, the first 100 without outcome. */
    private static void predictions(
            KeyedBroadcastOperatorTestHarness<String, FeedbackEvent, ModelPublished, WindowPartial>
                    h)
            throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            FeatureValue actual = i < 100 ? null : new FeatureValue.Numeric(1);
            FeedbackEvent e = DriftDetectionFunctionTest.event(rnd, "p" + i, i * 100, 0, actual);
            if (i % 2 == 1) {
                e =
                        new FeedbackEvent(
                                e.eventId(),
                                "n",
                                e.modelVersion(),
                                e.ts(),
                                e.features(),
                                e.prediction(),
                                e.confidenceScore(),
                                e.actual(),
                                e.segment());
            }
            h.processElement(e, e.ts());
        }
    }

    private static List<WindowPartial> parts(
            KeyedBroadcastOperatorTestHarness<String, FeedbackEvent, ModelPublished, WindowPartial>
                    h) {
        return new ArrayList<>(h.extractOutputValues());
    }

    @Test
    void windowsPendingPredictionsAndDetectorsComeBackAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(1, 0, null)) {
            predictions(h);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(1, 0, snapshot)) {
            // the outcomes of the 100 pending predictions, after the restore
            for (int i = 0; i < 100; i++) {
                FeedbackEvent outcome = DriftDetectionFunctionTest.lateOutcome("p" + i);
                h.processElement(
                        new FeedbackEvent(
                                outcome.eventId(),
                                i % 2 == 1 ? "n" : "m",
                                null,
                                outcome.ts(),
                                outcome.features(),
                                null,
                                null,
                                outcome.actual(),
                                outcome.segment()),
                        30_000);
            }
            h.processWatermark(new Watermark(MINUTE + 1));
            List<WindowPartial> parts = parts(h);
            assertThat(parts).extracting(WindowPartial::key).containsExactlyInAnyOrder("m", "n");
            assertThat(parts.stream().mapToLong(p -> p.accumulator().summary().eventCount()).sum())
                    .isEqualTo(300);
            // every outcome joined its prediction: all 300 labelled
            assertThat(parts.stream().mapToLong(p -> p.accumulator().labelled()).sum())
                    .isEqualTo(300);
        }
    }

    @Test
    void afterARescaleEachWindowIsSentOnceByTheSubtaskThatOwnsItsKey() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(1, 0, null)) {
            predictions(h);
            snapshot = h.snapshot(1, 1);
        }
        List<WindowPartial> sent = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState state =
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            snapshot, MAX_PARALLELISM, 1, 2, subtask);
            try (var h = harness(2, subtask, state)) {
                h.processWatermark(new Watermark(MINUTE + 1));
                sent.addAll(parts(h));
            }
        }
        assertThat(sent).extracting(WindowPartial::key).containsExactlyInAnyOrder("m", "n");
        assertThat(sent.stream().mapToLong(p -> p.accumulator().summary().eventCount()).sum())
                .isEqualTo(300);
    }

    @Test
    void aLatePredictionWithinTheLatenessSendsItsWindowAgain() throws Exception {
        try (var h = harness(1, 0, null)) {
            SplittableRandom rnd = new SplittableRandom(9);
            for (int i = 0; i < 100; i++) {
                h.processElement(
                        DriftDetectionFunctionTest.event(rnd, "p" + i, i * 100, 0, null), i * 100);
            }
            h.processWatermark(new Watermark(MINUTE + 1));
            // after the window's end, within its 30 s lateness
            h.processElement(DriftDetectionFunctionTest.event(rnd, "late", 500, 0, null), 500);
            h.processWatermark(new Watermark(MINUTE + 2));
            assertThat(parts(h))
                    .extracting(p -> p.accumulator().summary().eventCount())
                    .containsExactly(100L, 101L);
        }
    }
}
