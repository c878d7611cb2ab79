package io.driftline.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.window.OutcomeJoinRecord;
import io.driftline.core.window.WindowPartial;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.operators.serialization.WindowPartialSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The window stages keep their parts on the heap and checkpoint them as operator state, the join
 * its pending predictions as keyed state: they must come back after a restore, and after a rescale
 * each part must be sent by exactly one subtask and every outcome still find its prediction.
 */
class WindowPartsRestoreTest {

    private static final long MINUTE = DriftDetectionFunctionTest.MINUTE;
    private static final int MAX_PARALLELISM = 8;

    private static OneInputStreamOperatorTestHarness<FeedbackEvent, WindowPartial> local(
            int parallelism, int subtask, OperatorSubtaskState restored) throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new LocalWindowSummaryOperator(
                                DriftDetectionFunctionTest.settings(),
                                "driftline.feedback",
                                FeedbackEvent::model),
                        MAX_PARALLELISM,
                        parallelism,
                        subtask);
        return started(h, restored);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, OutcomeJoinRecord, WindowPartial>
            join(int parallelism, int subtask, OperatorSubtaskState restored) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OutcomeJoinOperator(
                                DriftDetectionFunctionTest.settings(), "driftline.feedback"),
                        (KeySelector<OutcomeJoinRecord, Integer>) OutcomeJoinOperator::bucketOf,
                        Types.INT,
                        MAX_PARALLELISM,
                        parallelism,
                        subtask);
        return started(h, restored);
    }

    /** Sets {@code h} up, restores {@code restored} (null: a fresh start) and opens it. */
    private static <H extends OneInputStreamOperatorTestHarness<?, WindowPartial>> H started(
            H h, OperatorSubtaskState restored) throws Exception {
        h.setup(WindowPartialSerializer.INSTANCE);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    /** 300 predictions of models m and n in the first window, the first 100 without outcome. */
    private static void predictions(
            OneInputStreamOperatorTestHarness<FeedbackEvent, WindowPartial> h) throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            FeatureValue actual = i < 100 ? null : new FeatureValue.Numeric(1);
            FeedbackEvent e = DriftDetectionFunctionTest.event(rnd, "p" + i, i * 100, 0, actual);
            h.processElement(i % 2 == 1 ? of("n", e) : e, e.ts());
        }
    }

    /** The outcomes of the 100 predictions that came without one. */
    private static List<FeedbackEvent> outcomes() {
        List<FeedbackEvent> outcomes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            FeedbackEvent outcome = DriftDetectionFunctionTest.lateOutcome("p" + i);
            outcomes.add(i % 2 == 1 ? of("n", outcome) : outcome);
        }
        return outcomes;
    }

    private static FeedbackEvent of(String model, FeedbackEvent e) {
        return new FeedbackEvent(
                e.eventId(),
                model,
                e.modelVersion(),
                e.ts(),
                e.features(),
                e.prediction(),
                e.confidenceScore(),
                e.actual(),
                e.segment());
    }

    /** The join records the first stage emitted so far (and takes them off its side output). */
    private static List<StreamRecord<OutcomeJoinRecord>> joinRecords(
            OneInputStreamOperatorTestHarness<FeedbackEvent, WindowPartial> h) {
        List<StreamRecord<OutcomeJoinRecord>> out = new ArrayList<>();
        var queue = h.getSideOutput(LocalWindowSummaryOperator.OUTCOME_JOIN);
        StreamRecord<OutcomeJoinRecord> r;
        while (queue != null && (r = queue.poll()) != null) {
            out.add(r);
        }
        return out;
    }

    private static List<WindowPartial> parts(AbstractStreamOperatorTestHarness<WindowPartial> h) {
        List<WindowPartial> parts = new ArrayList<>();
        for (Object element : h.getOutput()) {
            if (element instanceof StreamRecord<?> record
                    && record.getValue() instanceof WindowPartial partial) {
                parts.add(partial);
            }
        }
        h.getOutput().clear();
        return parts;
    }

    private static long events(List<WindowPartial> parts) {
        return parts.stream().mapToLong(p -> p.accumulator().summary().eventCount()).sum();
    }

    private static long labelled(List<WindowPartial> parts) {
        return parts.stream().mapToLong(p -> p.accumulator().labelled()).sum();
    }

    @Test
    void windowsPendingPredictionsAndDetectorsComeBackAfterARestore() throws Exception {
        OperatorSubtaskState localState;
        OperatorSubtaskState joinState;
        try (var l = local(1, 0, null);
                var j = join(1, 0, null)) {
            predictions(l);
            for (var record : joinRecords(l)) {
                j.processElement(record);
            }
            assertThat(l.getOperator()).isInstanceOf(LocalWindowSummaryOperator.class);
            assertThat(((LocalWindowSummaryOperator) l.getOperator()).parts().parts().values())
                    .as("200 inline outcomes fed the detectors of m and n (version 1)")
                    .allSatisfy(part -> assertThat(part.detectors).containsKey("1"));
            localState = l.snapshot(1, 1);
            joinState = j.snapshot(1, 1);
        }
        try (var l = local(1, 0, localState);
                var j = join(1, 0, joinState)) {
            // the outcomes of the 100 pending predictions, after the restore
            for (FeedbackEvent outcome : outcomes()) {
                l.processElement(outcome, 30_000);
            }
            for (var record : joinRecords(l)) {
                j.processElement(record);
            }
            assertThat(((LocalWindowSummaryOperator) l.getOperator()).parts().parts().values())
                    .allSatisfy(part -> assertThat(part.detectors).containsKey("1"));
            l.processWatermark(new Watermark(MINUTE + 1));
            j.processWatermark(new Watermark(MINUTE + 1));
            List<WindowPartial> localParts = parts(l);
            List<WindowPartial> outcomeParts = parts(j);
            assertThat(localParts)
                    .extracting(WindowPartial::key)
                    .containsExactlyInAnyOrder("m", "n");
            assertThat(events(localParts)).isEqualTo(300);
            // every outcome joined its prediction: all 300 labelled, 100 of them in the join
            assertThat(labelled(localParts)).isEqualTo(200);
            assertThat(outcomeParts).extracting(WindowPartial::part).containsOnly("o0");
            assertThat(labelled(outcomeParts)).isEqualTo(100);
        }
    }

    @Test
    void afterARescaleEachWindowIsSentOnceAndEveryOutcomeFindsItsPrediction() throws Exception {
        OperatorSubtaskState localState;
        OperatorSubtaskState joinState;
        try (var l = local(1, 0, null);
                var j = join(1, 0, null)) {
            predictions(l);
            for (var record : joinRecords(l)) {
                j.processElement(record);
            }
            localState = l.snapshot(1, 1);
            joinState = j.snapshot(1, 1);
        }
        List<WindowPartial> sent = new ArrayList<>();
        List<FeedbackEvent> outcomes = outcomes();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var l =
                            local(
                                    2,
                                    subtask,
                                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                            localState, MAX_PARALLELISM, 1, 2, subtask));
                    var j =
                            join(
                                    2,
                                    subtask,
                                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                            joinState, MAX_PARALLELISM, 1, 2, subtask))) {
                for (FeedbackEvent outcome : outcomes) {
                    l.processElement(outcome, 30_000);
                }
                for (var record : joinRecords(l)) {
                    int owner =
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    OutcomeJoinOperator.bucketOf(record.getValue()),
                                    MAX_PARALLELISM,
                                    2);
                    if (owner == subtask) { // as the keyBy routes it
                        j.processElement(record);
                    }
                }
                l.processWatermark(new Watermark(MINUTE + 1));
                j.processWatermark(new Watermark(MINUTE + 1));
                sent.addAll(parts(l));
                sent.addAll(parts(j));
            }
        }
        assertThat(sent.stream().filter(p -> p.part().equals("l0")))
                .extracting(WindowPartial::key)
                .containsExactlyInAnyOrder("m", "n");
        assertThat(events(sent)).isEqualTo(300);
        assertThat(labelled(sent)).isEqualTo(300);
    }

    @Test
    void anOutcomeReplayedAfterARestoreDoesNotReopenAClosedWindow() throws Exception {
        OperatorSubtaskState joinState;
        try (var l = local(1, 0, null);
                var j = join(1, 0, null)) {
            predictions(l); // 100 of them wait for their outcome
            for (var record : joinRecords(l)) {
                j.processElement(record);
            }
            // the window [0, 1 min) closes: its lateness (30 s) has passed
            j.processWatermark(new Watermark(MINUTE + 30_000));
            parts(j);
            joinState = j.snapshot(1, 1);
        }
        try (var j = join(1, 0, joinState)) {
            // replayed before the first watermark after the restore
            for (FeedbackEvent outcome : outcomes()) {
                j.processElement(
                        new StreamRecord<>(
                                OutcomeJoinRecord.outcome(
                                        outcome.model(), outcome.eventId(), outcome.actual())));
            }
            j.processWatermark(new Watermark(MINUTE + 30_001));
            assertThat(parts(j)).as("no outcome-only part of the closed window").isEmpty();
        }
    }

    @Test
    void aSubtaskGoingIdleSendsItsChangedPartsOpenWindowsToo() throws Exception {
        try (var l = local(1, 0, null)) {
            SplittableRandom rnd = new SplittableRandom(11);
            for (int i = 0; i < 50; i++) {
                l.processElement(
                        DriftDetectionFunctionTest.event(rnd, "p" + i, i * 100, 0, null), i * 100);
            }
            l.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(parts(l))
                    .as("the open window's part, before the idle status goes on")
                    .extracting(p -> p.accumulator().summary().eventCount())
                    .containsExactly(50L);
            l.processWatermarkStatus(WatermarkStatus.ACTIVE);
            l.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(parts(l)).as("unchanged: not sent again").isEmpty();
            l.processElement(DriftDetectionFunctionTest.event(rnd, "q", 6_000, 0, null), 6_000);
            l.processWatermark(new Watermark(MINUTE + 1));
            assertThat(parts(l))
                    .as("changed since: sent again, whole")
                    .extracting(p -> p.accumulator().summary().eventCount())
                    .containsExactly(51L);
        }
    }

    @Test
    void aModelKeepsDetectorsForItsLatestVersionsOnly() throws Exception {
        try (var l = local(1, 0, null)) {
            SplittableRandom rnd = new SplittableRandom(13);
            for (int i = 0; i < 100; i++) {
                FeedbackEvent e =
                        DriftDetectionFunctionTest.event(
                                rnd, "v" + i, i * 100, 0, new FeatureValue.Numeric(1));
                // a new version string every ten events (a build hash per deploy)
                l.processElement(
                        new FeedbackEvent(
                                e.eventId(),
                                e.model(),
                                "build-" + i / 10,
                                e.ts(),
                                e.features(),
                                e.prediction(),
                                e.confidenceScore(),
                                e.actual(),
                                e.segment()),
                        e.ts());
            }
            var part = ((LocalWindowSummaryOperator) l.getOperator()).parts().parts().get("m");
            assertThat(part.detectors.keySet())
                    .containsExactly("build-6", "build-7", "build-8", "build-9");
        }
    }

    @Test
    void aLatePredictionWithinTheLatenessSendsItsWindowAgain() throws Exception {
        try (var l = local(1, 0, null)) {
            SplittableRandom rnd = new SplittableRandom(9);
            for (int i = 0; i < 100; i++) {
                l.processElement(
                        DriftDetectionFunctionTest.event(rnd, "p" + i, i * 100, 0, null), i * 100);
            }
            l.processWatermark(new Watermark(MINUTE + 1));
            l.processWatermark(new Watermark(MINUTE + 2)); // unchanged: not sent again
            // after the window's end, within its 30 s lateness
            l.processElement(DriftDetectionFunctionTest.event(rnd, "late", 500, 0, null), 500);
            l.processWatermark(new Watermark(MINUTE + 3));
            assertThat(parts(l))
                    .extracting(p -> p.accumulator().summary().eventCount())
                    .containsExactly(100L, 101L);
        }
    }
}
