package io.driftline.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code flink-conf/conf/config.yaml} parses with Flink's own loader and holds the settings the
 * jobs' guarantees rely on.
 */
class FlinkConfigTest {

    static Configuration config;

    @BeforeAll
    static void load() {
        config = GlobalConfiguration.loadConfiguration("conf");
    }

    @Test
    void checkpointsAreExactlyOnceAndRetained() {
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(
                        config.getString(
                                "execution.checkpointing.externalized-checkpoint-retention", ""))
                .isEqualTo("RETAIN_ON_CANCELLATION");
    }

    @Test
    void neverFallsBackToKryo() {
        assertThat(config.get(PipelineOptions.GENERIC_TYPES)).isFalse();
    }

    @Test
    void restartsWithExponentialBackoff() {
        assertThat(config.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(config.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
    }

    @Test
    void exposesMetricsToPrometheus() {
        assertThat(config.getString("metrics.reporter.prom.factory.class", ""))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(config.getString("metrics.reporter.prom.port", "")).isEqualTo("9249-9260");
    }
}
