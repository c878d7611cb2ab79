package io.driftline.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.EventJson;
import io.driftline.events.Evidence;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.trainer.claim.TriggerStore;
import io.driftline.trainer.core.LastOutcome;
import io.driftline.trainer.metrics.TrainerMetrics;
import io.driftline.trainer.testing.TestingEventPublisher;
import io.driftline.trainer.testing.TestingMongo;
import io.driftline.trainer.testing.TestingRetrainPipeline;
import io.driftline.trainer.testing.TestingRetrainPipeline.Fail;
import io.driftline.trainer.testing.TestingRetrainPipeline.Reject;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outcomes, retries and duplicates of one trigger, on a real MongoDB-protocol server. */
class RetrainRunnerTest {

    TestingMongo mongo;
    TriggerStore store;
    TestingRetrainPipeline pipeline;
    TestingEventPublisher publisher;
    TrainerMetrics metrics;
    ScheduledExecutorService scheduler;
    RetrainRunner runner;

    @BeforeEach
    void setUp() {
        mongo = new TestingMongo();
        store = new TriggerStore(mongo.database());
        pipeline = new TestingRetrainPipeline();
        publisher = new TestingEventPublisher();
        metrics = new TrainerMetrics();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        TrainerConfig config =
                TrainerConfig.from(
                        Map.of(
                                "trainer.id", "trainer-a",
                                "trainer.max-attempts", "3",
                                "trainer.retry-backoff", "PT0S",
                                "trainer.retry-backoff-max", "PT0S"),
                        Map.of());
        runner =
                new RetrainRunner(
                        config, store, pipeline, publisher, metrics, Clock.systemUTC(), scheduler);
    }

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        metrics.close();
        mongo.close();
    }

    static RetrainTrigger trigger() {
        return RetrainTrigger.pending(
                "churn",
                1_700_000_000_000L,
                TriggerReason.DRIFT,
                Severity.DRIFT,
                Evidence.EMPTY,
                1_700_000_000_000L,
                false);
    }

    @Test
    void promotedCandidateIsPublishedAndTheTriggerCompleted() throws Exception {
        RetrainTrigger done = runner.handle(trigger()).orElseThrow();

        assertThat(done.status()).isEqualTo(TriggerStatus.COMPLETED);
        assertThat(done.modelVersion()).isEqualTo(1);
        assertThat(store.find(done.triggerId())).contains(done);
        assertThat(publisher.models)
                .singleElement()
                .satisfies(m -> assertThat(m.version()).isEqualTo(1));
        assertThat(publisher.statuses)
                .extracting(RetrainStatus::to)
                .containsExactly(
                        TriggerStatus.PENDING, TriggerStatus.RUNNING, TriggerStatus.COMPLETED);
        assertThat(publisher.statuses.get(2).modelVersion()).isEqualTo(1);
        // every published status is valid on the wire (allowed transition etc.)
        publisher.statuses.forEach(s -> assertThat(EventJson.validate(s)).isEmpty());
        assertThat(metrics.scrape())
                .contains(
                        "driftline_retrain_triggered_total{model=\"churn\",status=\"completed\"} 1.0")
                .contains("driftline_model_f1{model=\"churn\",version=\"1\"} 0.9")
                .contains("driftline_training_loss 0.5");
        assertThat(runner.lastOutcome()).map(LastOutcome::status).contains(TriggerStatus.COMPLETED);
    }

    @Test
    void theSameTriggerDeliveredTwiceTrainsOnce() throws Exception {
        runner.handle(trigger());
        assertThat(runner.handle(trigger())).isEmpty();
        assertThat(pipeline.runs).hasSize(1);
        assertThat(publisher.models).hasSize(1);
    }

    @Test
    void rejectedCandidateRecordsBothFigures() throws Exception {
        pipeline.then(new Reject(0.71, 0.80));
        RetrainTrigger done = runner.handle(trigger()).orElseThrow();
        assertThat(done.status()).isEqualTo(TriggerStatus.REJECTED);
        assertThat(done.error()).contains("0.7100").contains("0.8000").contains("f1");
        assertThat(publisher.models).isEmpty();
    }

    @Test
    void nonRetryableFailureFailsAtOnce() throws Exception {
        pipeline.then(new Fail("insufficient data: 120 < 500", false));
        RetrainTrigger done = runner.handle(trigger()).orElseThrow();
        assertThat(done.status()).isEqualTo(TriggerStatus.FAILED);
        assertThat(done.error()).isEqualTo("insufficient data: 120 < 500");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(pipeline.runs).hasSize(1);
    }

    @Test
    void retryableFailureIsRetriedUpToMaxAttemptsThenFails() throws Exception {
        pipeline.then(new Fail("connection reset", true))
                .then(new Fail("connection reset", true))
                .then(new Fail("connection reset", true));
        RetrainTrigger done = runner.handle(trigger()).orElseThrow();
        assertThat(done.status()).isEqualTo(TriggerStatus.FAILED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.error()).isEqualTo("connection reset (attempt 3 of 3)");
        assertThat(pipeline.runs).extracting(RetrainTrigger::attempts).containsExactly(1, 2, 3);
        assertThat(publisher.statuses)
                .extracting(RetrainStatus::to)
                .containsExactly(
                        TriggerStatus.PENDING,
                        TriggerStatus.RUNNING,
                        TriggerStatus.PENDING,
                        TriggerStatus.RUNNING,
                        TriggerStatus.PENDING,
                        TriggerStatus.RUNNING,
                        TriggerStatus.FAILED);
        assertThat(publisher.statuses.get(2).error())
                .isEqualTo("connection reset (attempt 1 of 3)");
    }

    @Test
    void retryableFailureThenSuccessCompletes() throws Exception {
        pipeline.then(new Fail("timeout", true));
        RetrainTrigger done = runner.handle(trigger()).orElseThrow();
        assertThat(done.status()).isEqualTo(TriggerStatus.COMPLETED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.error()).isNull();
    }

    @Test
    void aModelThatCannotBePublishedFailsTheTriggerWithTheVersion() throws Exception {
        publisher.failModels = true;
        RetrainTrigger done = runner.handle(trigger()).orElseThrow();
        assertThat(done.status()).isEqualTo(TriggerStatus.FAILED);
        assertThat(done.modelVersion()).isEqualTo(1);
        assertThat(done.error()).contains("version 1 registered in production but not published");
    }
}
