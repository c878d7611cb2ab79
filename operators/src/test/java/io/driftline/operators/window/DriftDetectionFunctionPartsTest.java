package io.driftline.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.window.WindowAccumulator;
import io.driftline.core.window.WindowPartial;
import io.driftline.events.DriftReport;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ModelPublished;
import io.driftline.operators.serialization.EventJsonSerializer;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The evaluating stage merges a window's parts, and a part sent again replaces the earlier one. */
class DriftDetectionFunctionPartsTest {

    private static final long MINUTE = DriftDetectionFunctionTest.MINUTE;

    private static WindowAccumulator part(SplittableRandom rnd, int events) {
        WindowAccumulator acc =
                new WindowAccumulator(DriftDetectionFunctionTest.settings().summary());
        for (int i = 0; i < events; i++) {
            FeedbackEvent e = DriftDetectionFunctionTest.event(rnd, "e" + i, i, 0, null);
            acc.observe(e.features(), e.prediction(), e.actual(), e.modelVersion());
        }
        return acc;
    }

    @Test
    void theReportCountsEveryPartAndAPartSentAgainReplacesItsPredecessor() throws Exception {
        try (var h =
                new KeyedBroadcastOperatorTestHarness<
                        String, WindowPartial, ModelPublished, DriftReport>(
                        new CoBroadcastWithKeyedOperator<>(
                                new DriftDetectionFunction(DriftDetectionFunctionTest.settings()),
                                List.of(DriftDetectionFunction.REFERENCES)),
                        (KeySelector<WindowPartial, String>) WindowPartial::key,
                        Types.STRING,
                        1,
                        1,
                        0)) {
            h.setup(new EventJsonSerializer<>(DriftReport.class));
            h.open();
            h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
            SplittableRandom rnd = new SplittableRandom(11);
            h.processElement(new WindowPartial("m", "0", 0, part(rnd, 200)), MINUTE - 1);
            h.processElement(new WindowPartial("m", "1", 0, part(rnd, 300)), MINUTE - 1);
            h.processElement(new WindowPartial("other", "0", 0, part(rnd, 40)), MINUTE - 1);
            h.processWatermark(new Watermark(MINUTE));
            // part 0 again, with 50 more events (late outcomes would do the same)
            h.processElement(new WindowPartial("m", "0", 0, part(rnd, 250)), MINUTE - 1);
            h.processWatermark(new Watermark(MINUTE + 1));

            List<DriftReport> reports = h.extractOutputValues();
            assertThat(reports)
                    .extracting(DriftReport::model, DriftReport::n)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("m", 500L),
                            org.assertj.core.groups.Tuple.tuple("other", 40L),
                            org.assertj.core.groups.Tuple.tuple("m", 550L));
            assertThat(reports.get(2).reportId()).isEqualTo(reports.get(0).reportId());
            // past the allowed lateness the parts are gone
            h.processWatermark(new Watermark(2 * MINUTE));
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
