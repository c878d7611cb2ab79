package io.driftline.trainer.core;

import io.driftline.events.TriggerStatus;

/**
 * What the last handled retrain ended in: recorded by the retrain runner, reported by the health
 * endpoint.
 *
 * @param triggerId the trigger that was handled
 * @param model the model it was for
 * @param status its final status (completed, rejected, failed)
 * @param error why it did not complete, or null
 * @param at when the outcome was recorded, epoch milliseconds
 */
public record LastOutcome(
        String triggerId, String model, TriggerStatus status, String error, long at) {}
