package io.driftline.trainer.claim;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one claim's lease alive while its retrain runs: renews on a timer every {@code renewal},
 * and on the pipeline's heartbeats when the last renewal is older than half of that, and notices
 * when the claim was lost.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final TriggerStore store;
    private final String triggerId;
    private final String trainerId;
    private final Duration lease;
    private final Duration renewal;
    private final Clock clock;
    private final ScheduledFuture<?> timer;
    private long lastRenewal;
    private volatile boolean lost;

    /** Starts renewing; close it when the retrain ends. */
    public LeaseKeeper(
            TriggerStore store,
            String triggerId,
            String trainerId,
            Duration lease,
            Duration renewal,
            Clock clock,
            ScheduledExecutorService scheduler) {
        this.store = store;
        this.triggerId = triggerId;
        this.trainerId = trainerId;
        this.lease = lease;
        this.renewal = renewal;
        this.clock = clock;
        this.lastRenewal = clock.millis();
        long period = renewal.toMillis();
        this.timer =
                scheduler.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** A heartbeat from the pipeline: renews when the last renewal is older than renewal / 2. */
    public void heartbeat() {
        boolean due;
        synchronized (this) {
            due = clock.millis() - lastRenewal >= renewal.toMillis() / 2;
        }
        if (due) {
            renew();
        }
    }

    /** Renews now. */
    public synchronized void renew() {
        if (lost) {
            return;
        }
        long now = clock.millis();
        try {
            if (store.renew(triggerId, trainerId, now + lease.toMillis(), now)) {
                lastRenewal = now;
            } else {
                lost = true;
                LOG.warn(
                        "Lost the claim on trigger {}: it was taken over or resolved while"
                                + " training",
                        triggerId);
            }
        } catch (RuntimeException e) {
            // MongoDB unreachable for a moment: the next renewal tries again before expiry
            LOG.warn("Could not renew the lease on trigger {}", triggerId, e);
        }
    }

    /** Whether a renewal found the claim gone. */
    public boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        timer.cancel(false);
    }
}
