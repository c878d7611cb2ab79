package io.driftline.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.EventJson;
import io.driftline.events.RetrainStatus;
import io.driftline.events.TriggerStatus;
import org.junit.jupiter.api.Test;

class StoryPrinterTest {

    @Test
    void aTriggerCreatedByTheTrainerItselfHasNoPreviousStatus() {
        // a manual trigger's document is created by the trainer: its first transition is from
        // nothing
        RetrainStatus created =
                new RetrainStatus(
                        "t-1",
                        "churn",
                        null,
                        TriggerStatus.PENDING,
                        5L,
                        "trainer-1",
                        null,
                        null,
                        0);
        assertThat(
                        StoryPrinter.describe(
                                StackConfig.TOPIC_RETRAIN_STATUS, EventJson.toJson(created)))
                .endsWith("retrain t-1: new -> pending");
        RetrainStatus done =
                new RetrainStatus(
                        "t-1",
                        "churn",
                        TriggerStatus.RUNNING,
                        TriggerStatus.COMPLETED,
                        9L,
                        "trainer-1",
                        3,
                        null,
                        1);
        assertThat(StoryPrinter.describe(StackConfig.TOPIC_RETRAIN_STATUS, EventJson.toJson(done)))
                .endsWith("retrain t-1: running -> completed, version 3");
    }

    @Test
    void unparseableRecordsAreNotTold() {
        assertThat(StoryPrinter.describe(StackConfig.TOPIC_DRIFT_REPORTS, "nope".getBytes()))
                .isNull();
    }

    @Test
    void aReportTellsItsSchemaDrift() {
        io.driftline.events.DriftReport report =
                new io.driftline.events.DriftReport(
                        "m:20000",
                        "m",
                        "1",
                        0,
                        20_000,
                        100,
                        java.util.List.of(),
                        null,
                        java.util.List.of(),
                        io.driftline.events.Severity.NONE,
                        "1",
                        new io.driftline.events.DriftReport.SchemaDrift(
                                java.util.Map.of("amount", 12L),
                                java.util.List.of(),
                                java.util.List.of("age"),
                                java.util.Map.of(),
                                io.driftline.events.Severity.DRIFT),
                        io.driftline.events.ReportKind.FEATURE);
        assertThat(StoryPrinter.report(report))
                .endsWith("schema drift: amount changed kind x12, age missing");
    }
}
