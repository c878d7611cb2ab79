package io.driftline.trainer.http;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The trainer's health: each check's status and detail, and the worst of them overall.
 *
 * @param checks in a fixed order: kafka, mongodb, intake, device, last_training
 */
public record HealthReport(List<Check> checks) {

    /** healthy (200), degraded (200: working, but look), unhealthy (503). */
    public enum Status {
        HEALTHY,
        DEGRADED,
        UNHEALTHY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One check, e.g. {@code kafka unhealthy: unreachable at localhost:9092}. */
    public record Check(String name, Status status, String detail) {}

    public HealthReport {
        checks = List.copyOf(checks);
    }

    public Status status() {
        return checks.stream()
                .map(Check::status)
                .max(Comparator.naturalOrder())
                .orElse(Status.HEALTHY);
    }

    /** The details of the checks that are not healthy, e.g. {@code kafka: unreachable ...}. */
    public List<String> reasons() {
        return checks.stream()
                .filter(c -> c.status() != Status.HEALTHY)
                .map(c -> c.name() + ": " + c.detail())
                .toList();
    }

    public int httpStatus() {
        return status() == Status.UNHEALTHY ? 503 : 200;
    }
}
