package io.driftline.trainer.claim;

import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.TriggerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A successful claim of a retrain trigger: the document as it was before and as it is now, held by
 * this trainer until its lease ends.
 *
 * @param previous the trigger before the claim: pending, or running with an expired lease
 * @param claimed the trigger after the claim: running, attempts + 1, this trainer, the new lease
 */
public record TriggerClaim(RetrainTrigger previous, RetrainTrigger claimed) {

    public TriggerClaim {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(claimed, "claimed");
    }

    /** Whether this claim took over another trainer's expired lease. */
    public boolean tookOverExpiredLease() {
        return previous.status() == TriggerStatus.RUNNING;
    }

    /**
     * The transitions to publish: pending → running, or for a take-over running → pending (the
     * lease expired) then pending → running, since a status never moves to itself.
     */
    public List<RetrainStatus> transitions(long now) {
        List<RetrainStatus> out = new ArrayList<>(2);
        RetrainTrigger from = previous;
        if (tookOverExpiredLease()) {
            RetrainTrigger released =
                    previous.withStatus(TriggerStatus.PENDING, now)
                            .withError("lease of trainer " + previous.trainerId() + " expired");
            out.add(RetrainStatus.of(previous, released, now));
            from = released;
        }
        out.add(RetrainStatus.of(from, claimed, now));
        return out;
    }
}
