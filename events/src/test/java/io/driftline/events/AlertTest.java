package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An alert's identity is Alertmanager's: its label set, alertname included, and its fingerprint.
 */
class AlertTest {

    @Test
    void fingerprintIsAlertmanagersFingerprintOfTheLabels() {
        // Reference values from prometheus-alertmanager 0.25 (Debian 12): POST /api/v2/alerts with
        // these labels, then GET /api/v2/alerts → "fingerprint".
        assertThat(
                        Alert.firing(
                                        "AutoRetrainFailed",
                                        Map.of("model", "fraud", "severity", "critical"),
                                        null,
                                        0L)
                                .fingerprint())
                .isEqualTo("b60f1b67474a9262");
        assertThat(
                        Alert.firing("NoRetrainWithDrift", Map.of("model", "crédit"), null, 0L)
                                .fingerprint())
                .isEqualTo("2acea759e1e06b58");
        // Prometheus' emptyLabelSignature is the FNV-1a offset basis
        assertThat(Alert.fingerprintOf(Map.of())).isEqualTo("cbf29ce484222325");
    }

    @Test
    void fingerprintDependsOnLabelsOnlyNotOnOrderAnnotationsOrTimes() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("model", "fraud");
        forward.put("severity", "critical");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("severity", "critical");
        backward.put("model", "fraud");

        Alert a = Alert.firing("AutoRetrainFailed", forward, Map.of("summary", "a"), 1L);
        Alert b = Alert.firing("AutoRetrainFailed", backward, Map.of("summary", "b"), 2L);
        Alert other = Alert.firing("AutoRetrainFailed", Map.of("model", "churn"), null, 1L);

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(16);
        assertThat(a.resolve(5L).fingerprint()).isEqualTo(a.fingerprint());
        assertThat(other.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(a.labels())
                .containsExactly(
                        Map.entry("alertname", "AutoRetrainFailed"),
                        Map.entry("model", "fraud"),
                        Map.entry("severity", "critical"));
    }

    @Test
    void resolveSetsEndsAtOnceAndNeverBeforeTheStart() {
        Alert firing = SampleEvents.alert();

        Alert resolved = firing.resolve(1_700_000_200_000L);

        assertThat(firing.resolved()).isFalse();
        assertThat(firing.endsAt()).isNull();
        assertThat(resolved.resolved()).isTrue();
        assertThat(resolved.endsAt()).isEqualTo(1_700_000_200_000L);
        assertThat(resolved.resolve(1_800_000_000_000L)).isSameAs(resolved);
        assertThat(firing.resolve(0L).endsAt()).isEqualTo(firing.startsAt());
        assertThat(resolved.model()).isEqualTo("fraud");
    }

    @Test
    void rejectsWhatAlertmanagerWouldReject() {
        assertThatThrownBy(() -> Alert.firing("Auto-Retrain", null, null, 0L))
                .hasMessageContaining("invalid alert name");
        assertThatThrownBy(() -> Alert.firing("A", Map.of("model.name", "x"), null, 0L))
                .hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> Alert.firing("A", Map.of("__name__", "x"), null, 0L))
                .hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> Alert.firing("A", Map.of("model", ""), null, 0L))
                .hasMessageContaining("empty value of label model");
        assertThatThrownBy(() -> Alert.firing("A", Map.of("alertname", "B"), null, 0L))
                .hasMessageContaining("differs");
        assertThatThrownBy(() -> Alert.firing("A", null, Map.of("runbook-url", "x"), 0L))
                .hasMessageContaining("invalid annotation name");
        assertThatThrownBy(() -> new Alert("A", null, null, 10L, 9L, null))
                .hasMessageContaining("before startsAt");
        assertThatThrownBy(() -> new Alert("A", null, null, 0L, null, "0000000000000000"))
                .hasMessageContaining("does not match");
    }
}
