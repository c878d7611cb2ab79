package io.driftline.trainer.service;

import io.driftline.events.ModelPublished;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.TriggerStatus;
import io.driftline.trainer.claim.LeaseKeeper;
import io.driftline.trainer.claim.TriggerClaim;
import io.driftline.trainer.claim.TriggerStore;
import io.driftline.trainer.core.LastOutcome;
import io.driftline.trainer.core.RetryPolicy;
import io.driftline.trainer.metrics.TrainerMetrics;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.publish.EventPublisher;
import io.driftline.trainer.publish.ModelPublishException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one delivered retrain trigger from start to end: stores it if new, claims it, runs the
 * pipeline under a renewed lease, and records and publishes every transition; retries retryable
 * failures with exponential backoff. This is the one boundary where pipeline and publishing
 * failures are caught, logged, counted and recorded.
 */
public final class RetrainRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainRunner.class);

    private final TrainerConfig config;
    private final RetryPolicy retry;
    private final TriggerStore store;
    private final RetrainPipeline pipeline;
    private final EventPublisher publisher;
    private final TrainerMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile LastOutcome lastOutcome;

    public RetrainRunner(
            TrainerConfig config,
            TriggerStore store,
            RetrainPipeline pipeline,
            EventPublisher publisher,
            TrainerMetrics metrics,
            Clock clock,
            ScheduledExecutorService scheduler) {
        this.config = config;
        this.retry = config.retryPolicy();
        this.store = store;
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * Handles {@code delivered}: stores it as pending if absent, then claims and trains it unless
     * another trainer holds it or it is already finished.
     *
     * @return the trigger as this call last recorded it; empty when it was not claimed
     * @throws InterruptedException when the service is closing during a retry wait; the trigger is
     *     left pending for any trainer to pick up
     */
    public Optional<RetrainTrigger> handle(RetrainTrigger delivered) throws InterruptedException {
        long receivedAt = clock.millis();
        Optional<RetrainTrigger> created = store.insertIfAbsent(delivered, receivedAt);
        created.ifPresent(
                pending -> {
                    LOG.info(
                            "Trigger {} for model {} stored as pending",
                            pending.triggerId(),
                            pending.model());
                    publish(RetrainStatus.of(null, pending, receivedAt));
                });
        while (true) {
            long now = clock.millis();
            Optional<TriggerClaim> claim =
                    store.claim(
                            delivered.triggerId(),
                            config.trainerId(),
                            now,
                            now + config.leaseDuration().toMillis());
            if (claim.isEmpty()) {
                LOG.info(
                        "Trigger {} not claimed: {}",
                        delivered.triggerId(),
                        store.find(delivered.triggerId())
                                .map(t -> describe(t))
                                .orElse("no longer stored"));
                return Optional.empty();
            }
            for (RetrainStatus s : claim.get().transitions(now)) {
                publish(s);
            }
            RetrainTrigger claimed = claim.get().claimed();
            if (claim.get().tookOverExpiredLease()) {
                LOG.warn(
                        "Took over trigger {} from trainer {} whose lease expired",
                        claimed.triggerId(),
                        claim.get().previous().trainerId());
            }
            LOG.info(
                    "Claimed trigger {} for model {} (attempt {})",
                    claimed.triggerId(),
                    claimed.model(),
                    claimed.attempts());
            Attempt attempt = attempt(claimed);
            if (attempt.retryAfter.isEmpty()) {
                return Optional.of(attempt.recorded);
            }
            Thread.sleep(attempt.retryAfter.get().toMillis());
        }
    }

    /** The outcome of the last retrain this runner finished, if any. */
    public Optional<LastOutcome> lastOutcome() {
        return Optional.ofNullable(lastOutcome);
    }

    /** One recorded attempt, and how long to wait before the next one when it should be retried. */
    private record Attempt(RetrainTrigger recorded, Optional<Duration> retryAfter) {}

    private Attempt attempt(RetrainTrigger claimed) {
        long started = clock.millis();
        RetrainTrigger next;
        Optional<Duration> retryAfter = Optional.empty();
        Optional<ModelPublished> promoted = Optional.empty();
        try (LeaseKeeper lease =
                new LeaseKeeper(
                        store,
                        claimed.triggerId(),
                        claimed.trainerId(),
                        config.leaseDuration(),
                        config.leaseRenewal(),
                        clock,
                        scheduler)) {
            try {
                PipelineOutcome outcome = pipeline.run(claimed, progress(lease));
                long now = clock.millis();
                if (outcome instanceof PipelineOutcome.Promoted p) {
                    promoted = Optional.of(p.published());
                    next = publishModel(claimed, p, now);
                } else {
                    PipelineOutcome.Rejected r = (PipelineOutcome.Rejected) outcome;
                    next = claimed.withStatus(TriggerStatus.REJECTED, now).withError(rejection(r));
                }
            } catch (TrainingFailedException e) {
                long now = clock.millis();
                boolean again = e.retryable() && retry.retriesAfter(claimed.attempts());
                String error =
                        e.getMessage()
                                + (e.retryable()
                                        ? " (attempt "
                                                + claimed.attempts()
                                                + " of "
                                                + retry.maxAttempts()
                                                + ")"
                                        : "");
                next =
                        claimed.withStatus(
                                        again ? TriggerStatus.PENDING : TriggerStatus.FAILED, now)
                                .withError(error);
                if (again) {
                    retryAfter = Optional.of(retry.backoffAfter(claimed.attempts()));
                }
                LOG.warn(
                        "Retrain of {} for trigger {} failed{}: {}",
                        claimed.model(),
                        claimed.triggerId(),
                        again ? ", retrying in " + retryAfter.get() : "",
                        error,
                        e.getCause());
            } catch (RuntimeException e) {
                // a fault the pipeline did not classify (a bug, a native error): retry as transient
                long now = clock.millis();
                boolean again = retry.retriesAfter(claimed.attempts());
                String error =
                        "unexpected error: "
                                + e
                                + " (attempt "
                                + claimed.attempts()
                                + " of "
                                + retry.maxAttempts()
                                + ")";
                next =
                        claimed.withStatus(
                                        again ? TriggerStatus.PENDING : TriggerStatus.FAILED, now)
                                .withError(error);
                if (again) {
                    retryAfter = Optional.of(retry.backoffAfter(claimed.attempts()));
                }
                LOG.error(
                        "Retrain of {} for trigger {} failed",
                        claimed.model(),
                        claimed.triggerId(),
                        e);
            }
        }
        metrics.retrainAttempt(Duration.ofMillis(clock.millis() - started));
        long now = clock.millis();
        if (!store.record(claimed, next, now)) {
            metrics.claimLost();
            LOG.warn(
                    "Trigger {} was taken over or resolved while this trainer worked on it; its"
                            + " outcome ({}) is not recorded",
                    claimed.triggerId(),
                    next.status());
            return new Attempt(store.find(claimed.triggerId()).orElse(next), Optional.empty());
        }
        publish(RetrainStatus.of(claimed, next, now));
        promoted.ifPresent(metrics::production);
        if (next.status() != TriggerStatus.PENDING) {
            lastOutcome =
                    new LastOutcome(
                            next.triggerId(), next.model(), next.status(), next.error(), now);
            LOG.info(
                    "Trigger {} for model {} {}{}",
                    next.triggerId(),
                    next.model(),
                    next.status().name().toLowerCase(Locale.ROOT),
                    next.modelVersion() != null
                            ? " with version " + next.modelVersion()
                            : (next.error() != null ? ": " + next.error() : ""));
        }
        return new Attempt(next, retryAfter);
    }

    private RetrainTrigger publishModel(
            RetrainTrigger claimed, PipelineOutcome.Promoted promoted, long now) {
        ModelPublished published = promoted.published();
        try {
            publisher.model(published);
            return claimed.withStatus(TriggerStatus.COMPLETED, now)
                    .withModelVersion(published.version());
        } catch (ModelPublishException e) {
            LOG.error(
                    "Version {} of {} is registered but not published",
                    published.version(),
                    published.model(),
                    e);
            return claimed.withStatus(TriggerStatus.FAILED, now)
                    .withModelVersion(published.version())
                    .withError(
                            "version "
                                    + published.version()
                                    + " registered in production but not published: "
                                    + e.getMessage()
                                    + (e.getCause() != null ? ": " + e.getCause() : "")
                                    + "; republish it with a rollback to that version");
        }
    }

    private TrainingProgress progress(LeaseKeeper lease) {
        return new TrainingProgress() {
            @Override
            public void epoch(
                    String model,
                    int epoch,
                    double loss,
                    double validationMetric,
                    double samplesPerSecond) {
                metrics.epoch(loss);
                LOG.info(
                        "{} epoch {}: loss {}, validation {}, {} samples/s",
                        model,
                        epoch,
                        String.format(Locale.ROOT, "%.4f", loss),
                        String.format(Locale.ROOT, "%.4f", validationMetric),
                        String.format(Locale.ROOT, "%.0f", samplesPerSecond));
                lease.heartbeat();
            }

            @Override
            public void heartbeat() {
                lease.heartbeat();
            }
        };
    }

    static String rejection(PipelineOutcome.Rejected r) {
        return String.format(
                Locale.ROOT,
                "rejected by the gate: candidate %s %.4f vs champion %.4f: %s",
                r.metric(),
                r.candidate(),
                r.champion(),
                r.reason());
    }

    private void publish(RetrainStatus status) {
        metrics.transition(status.model(), status.to());
        publisher.status(status);
    }

    private static String describe(RetrainTrigger t) {
        String status = t.status().name().toLowerCase(Locale.ROOT);
        return t.status() == TriggerStatus.RUNNING
                ? "running on trainer " + t.trainerId() + " until " + t.leaseUntil()
                : status;
    }
}
