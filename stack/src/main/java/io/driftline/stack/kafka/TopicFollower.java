package io.driftline.stack.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows every partition of a topic from its beginning on a daemon thread, committed records only,
 * without a consumer group, and hands each record's value to a handler: how the launcher watches
 * model updates and how tests collect dead letters.
 *
 * <p>{@code try (TopicFollower f = new TopicFollower(bootstrap, "driftline.dead-letter",
 * "dead-letters", bytes -> letters.add(bytes), e -> failures.add(e))) { ... } }
 */
public final class TopicFollower implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<byte[]> handler;
    private final Consumer<RuntimeException> onFailure;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param handler gets each record's value, in partition order
     * @param onFailure gets what stopped the thread, if anything but {@link #close()} did
     */
    public TopicFollower(
            String bootstrapServers,
            String topic,
            String threadName,
            Consumer<byte[]> handler,
            Consumer<RuntimeException> onFailure) {
        this.handler = handler;
        this.onFailure = onFailure;
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                "false",
                                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                                16 << 20),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        assignFromStart(consumer, topic);
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Assigns every partition of {@code topic} to {@code consumer} at its beginning. */
    public static List<TopicPartition> assignFromStart(
            org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    handler.accept(r.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            onFailure.accept(e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
