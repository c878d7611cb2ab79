package io.driftline.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.jobs.drift.DriftDetectionConfig;
import io.driftline.jobs.drift.DriftDetectionJob;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import io.driftline.jobs.ingest.FeedbackIngestJob;
import io.driftline.jobs.watchdog.RetrainWatchdogConfig;
import io.driftline.jobs.watchdog.RetrainWatchdogJob;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.junit.jupiter.api.Test;

/** Kafka client properties (TLS, SASL) reach every consumer and producer of the three jobs. */
class KafkaPropertiesTest {

    static Configuration secured() {
        return Configuration.fromMap(
                Map.of(
                        "driftline.kafka.properties.security.protocol", "SASL_SSL",
                        "driftline.kafka.properties.sasl.mechanism", "SCRAM-SHA-512",
                        "driftline.kafka.properties.ssl.truststore.location", "/etc/kafka/ca.jks"));
    }

    @Test
    void onePropertyPerOptionOrAMap() {
        assertThat(DriftlineOptions.kafkaProperties(secured()))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.jks")
                .hasSize(3);
        Configuration map =
                Configuration.fromMap(
                        Map.of(
                                "driftline.kafka.properties",
                                "security.protocol:SSL,ssl.truststore.type:PKCS12"));
        assertThat(DriftlineOptions.kafkaProperties(map))
                .isEqualTo(Map.of("security.protocol", "SSL", "ssl.truststore.type", "PKCS12"));
        assertThat(DriftlineOptions.kafkaProperties(new Configuration())).isEmpty();
    }

    @Test
    void thePropertiesTheJobsManageAreRefused() {
        for (String managed : List.of("bootstrap.servers", "group.id", "isolation.level")) {
            Configuration c =
                    Configuration.fromMap(Map.of("driftline.kafka.properties." + managed, "x"));
            assertThatThrownBy(() -> DriftlineOptions.kafkaProperties(c))
                    .hasMessageStartingWith("driftline.kafka.properties." + managed)
                    .hasMessageContaining("the jobs set this property themselves");
        }
    }

    @Test
    void everySourceAndSinkOfTheJobsGetsThem() throws Exception {
        Configuration options = secured();
        DriftDetectionConfig drift = DriftDetectionConfig.from(options, Map.of());
        var sources = DriftDetectionJob.sources(drift);
        var sinks = DriftDetectionJob.sinks(drift);
        FeedbackIngestConfig ingest = FeedbackIngestConfig.from(options, Map.of());
        RetrainWatchdogConfig watchdog = RetrainWatchdogConfig.from(options, Map.of());

        for (Object source :
                List.<Object>of(
                        sources.feedback(),
                        sources.modelUpdates(),
                        sources.retrainStatus(),
                        sources.metrics(),
                        FeedbackIngestJob.sources(ingest).feedback(),
                        RetrainWatchdogJob.sources(watchdog).retrainEvents())) {
            Properties props = sourceProperties((KafkaSource<?>) source);
            assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
            assertThat(props.getProperty("isolation.level")).isEqualTo("read_committed");
        }
        for (Object sink :
                List.<Object>of(
                        sinks.reportsKafka(),
                        sinks.triggersKafka(),
                        sinks.deadLetters(),
                        FeedbackIngestJob.sinks(ingest).deadLetters(),
                        RetrainWatchdogJob.sinks(watchdog).deadLetters())) {
            assertThat(sinkProperties((KafkaSink<?>) sink).getProperty("sasl.mechanism"))
                    .isEqualTo("SCRAM-SHA-512");
        }
    }

    private static Properties sourceProperties(KafkaSource<?> source) throws Exception {
        Field props = KafkaSource.class.getDeclaredField("props");
        props.setAccessible(true);
        return (Properties) props.get(source);
    }

    private static Properties sinkProperties(KafkaSink<?> sink) throws Exception {
        Method config = KafkaSink.class.getDeclaredMethod("getKafkaProducerConfig");
        config.setAccessible(true);
        return (Properties) config.invoke(sink);
    }
}
