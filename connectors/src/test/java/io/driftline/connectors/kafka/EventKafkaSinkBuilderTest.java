package io.driftline.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventKafkaSinkBuilderTest {

    @Test
    void exactlyOnceWithoutATransactionalIdPrefixSaysHowToFixIt() {
        assertThatThrownBy(
                        () ->
                                new EventKafkaSinkBuilder<DeadLetter>()
                                        .setBootstrapServers("localhost:9092")
                                        .setTopic("driftline.dead-letter")
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setTransactionalIdPrefix")
                .hasMessageContaining("driftline.dead-letter");
    }

    @Test
    void missingBootstrapServersOrTopicIsRejected() {
        assertThatThrownBy(() -> new EventKafkaSinkBuilder<DeadLetter>().setTopic("t").build())
                .hasMessageContaining("bootstrap servers");
        assertThatThrownBy(
                        () ->
                                new EventKafkaSinkBuilder<DeadLetter>()
                                        .setBootstrapServers("localhost:9092")
                                        .optDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                        .build())
                .hasMessageContaining("topic");
    }

    @Test
    void recordsCarryTheJsonContractAndTheKey() {
        DeadLetter dl =
                DeadLetter.of(
                        "driftline.feedback", 0, 12L, "x".getBytes(), "malformed json: x", 5L);
        var serializer =
                new EventKafkaSinkBuilder.JsonRecordSerializer<DeadLetter>(
                        "dlq", DeadLetter::sourceTopic);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(dl, null, 77L);

        assertThat(record.topic()).isEqualTo("dlq");
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo("driftline.feedback");
        // the element's event time (77) is not the record's timestamp: a far-future event time
        // would be refused by the broker and fail the sink; the producer stamps the send time
        assertThat(record.timestamp()).isNull();
        assertThat(EventJson.parseDeadLetter(record.value()).value()).isEqualTo(dl);
    }
}
