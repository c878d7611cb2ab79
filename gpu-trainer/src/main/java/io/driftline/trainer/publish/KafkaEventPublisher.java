package io.driftline.trainer.publish;

import io.driftline.events.EventJson;
import io.driftline.events.ModelPublished;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the trainer's messages as their JSON contracts with an idempotent producer ({@code
 * acks=all}), waiting for each acknowledgement so a transition is on the topic before the next one
 * is made.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String triggersTopic;
    private final String statusTopic;
    private final String modelUpdatesTopic;
    private final Runnable onStatusFailure;

    public KafkaEventPublisher(
            Producer<byte[], byte[]> producer,
            String triggersTopic,
            String statusTopic,
            String modelUpdatesTopic,
            Runnable onStatusFailure) {
        this.producer = producer;
        this.triggersTopic = triggersTopic;
        this.statusTopic = statusTopic;
        this.modelUpdatesTopic = modelUpdatesTopic;
        this.onStatusFailure = onStatusFailure;
    }

    /** A producer for {@code bootstrapServers} with the settings this publisher relies on. */
    public static Producer<byte[], byte[]> producer(String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void trigger(RetrainTrigger trigger) throws PublishException {
        try {
            send(triggersTopic, trigger.model(), EventJson.toJson(trigger));
        } catch (Exception e) {
            restoreInterrupt(e);
            throw new PublishException(
                    "could not send trigger " + trigger.triggerId() + " to " + triggersTopic, e);
        }
    }

    @Override
    public boolean status(RetrainStatus status) {
        try {
            send(statusTopic, status.model(), EventJson.toJson(status));
            return true;
        } catch (Exception e) {
            restoreInterrupt(e);
            LOG.warn(
                    "Could not publish status {} -> {} of trigger {} to {} (recorded in MongoDB)",
                    status.from(),
                    status.to(),
                    status.triggerId(),
                    statusTopic,
                    e);
            onStatusFailure.run();
            return false;
        }
    }

    @Override
    public void model(ModelPublished published) throws ModelPublishException {
        try {
            send(modelUpdatesTopic, published.model(), EventJson.toJson(published));
        } catch (Exception e) {
            restoreInterrupt(e);
            throw new ModelPublishException(
                    "could not publish "
                            + published.model()
                            + " version "
                            + published.version()
                            + " to "
                            + modelUpdatesTopic,
                    e);
        }
    }

    private void send(String topic, String key, byte[] value)
            throws InterruptedException, ExecutionException, TimeoutException {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void restoreInterrupt(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
