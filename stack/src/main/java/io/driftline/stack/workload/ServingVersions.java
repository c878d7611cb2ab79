package io.driftline.stack.workload;

import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.ParseResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The synthetic workload's serving layer: follows {@code driftline.model-updates} and remembers
 * which version of each model is in production, as a model server would. When the drift starts, the
 * versions then serving are noted; a later production version was trained on drifted data and has
 * learned the new concept (a rollback to an older version has not).
 */
final class ServingVersions implements Runnable, AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Integer> serving = new ConcurrentHashMap<>();
    private final Map<String, Integer> atDrift = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean driftNoted;
    private volatile boolean running = true;

    ServingVersions(String bootstrapServers, String topic) {
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        // serving starts with what is in production already
        consumer.seekToBeginning(partitions);
        thread = new Thread(this, "driftline-workload-serving");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    ParseResult<ModelPublished> p =
                            EventJson.parseModelPublished(r.value(), EventLimits.DEFAULTS);
                    if (p.isValid() && p.value().stage() == ModelStage.PRODUCTION) {
                        serving.put(p.value().model(), p.value().version());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Notes the versions serving when the drift starts (once). */
    void driftStarted() {
        if (!driftNoted) {
            driftNoted = true;
            atDrift.putAll(serving);
        }
    }

    /** Whether {@code model} is served by a version published after the drift started. */
    boolean retrainedSinceDrift(String model) {
        Integer now = serving.get(model);
        return driftNoted && now != null && now > atDrift.getOrDefault(model, 0);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
