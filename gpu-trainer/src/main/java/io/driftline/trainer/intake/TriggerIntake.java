package io.driftline.trainer.intake;

import io.driftline.events.EventJson;
import io.driftline.events.ParseResult;
import io.driftline.events.RetrainTrigger;
import io.driftline.trainer.core.RetryPolicy;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes retrain triggers as a member of the trainers' consumer group, one record at a time: the
 * record is handed to the work thread, the assigned partitions are paused while it runs (polling
 * continues, so a retrain longer than {@code max.poll.interval.ms} keeps the group membership), and
 * its offset is committed only once it has been handled. A record that fails to be handled (MongoDB
 * unreachable) is read again after the {@link RetryPolicy}'s wait; a record that is not a valid
 * trigger is logged, counted and skipped.
 */
public final class TriggerIntake implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerIntake.class);

    private static final Duration POLL = Duration.ofMillis(200);

    /** Handles one valid trigger on the work thread; throws when it should be read again. */
    @FunctionalInterface
    public interface Handler {
        void handle(RetrainTrigger trigger) throws Exception;
    }

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final ExecutorService worker;
    private final Handler handler;
    private final Runnable onInvalid;
    private final RetryPolicy retry;
    private int failuresOfCurrentRecord;
    private volatile boolean running = true;
    private volatile boolean busy;
    private volatile boolean alive = true;
    private volatile Throwable failure;

    public TriggerIntake(
            Consumer<byte[], byte[]> consumer,
            String topic,
            ExecutorService worker,
            Handler handler,
            Runnable onInvalid,
            RetryPolicy retry) {
        this.consumer = consumer;
        this.topic = topic;
        this.worker = worker;
        this.handler = handler;
        this.onInvalid = onInvalid;
        this.retry = retry;
    }

    /** A consumer with the settings the intake relies on. */
    public static Consumer<byte[], byte[]> consumer(
            String bootstrapServers, String groupId, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new PauseWhileBusy());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (!running) {
                        break;
                    }
                    process(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
                throw e;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("Trigger intake stopped", e);
            throw e;
        } finally {
            alive = false;
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("Closing the trigger consumer", e);
            }
        }
    }

    private void process(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        ParseResult<RetrainTrigger> parsed = EventJson.parseRetrainTrigger(record.value());
        if (!parsed.isValid()) {
            LOG.warn(
                    "Skipping record {}-{}@{}: not a valid retrain trigger: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    parsed.reason());
            onInvalid.run();
            commit(partition, record.offset() + 1);
            return;
        }
        busy = true;
        consumer.pause(consumer.assignment());
        Future<?> work =
                worker.submit(
                        () -> {
                            handler.handle(parsed.value());
                            return null;
                        });
        try {
            while (!work.isDone() && running) {
                keepMembership();
            }
            if (!running) {
                return; // not committed: the group hands the record to a trainer again
            }
            try {
                work.get();
                failuresOfCurrentRecord = 0;
                commit(partition, record.offset() + 1);
            } catch (ExecutionException e) {
                Duration pause = retry.backoffAfter(++failuresOfCurrentRecord);
                LOG.warn(
                        "Could not handle trigger {}; reading it again in {}",
                        parsed.value().triggerId(),
                        pause,
                        e.getCause());
                consumer.seek(partition, record.offset());
                long until = System.nanoTime() + pause.toNanos();
                while (running && System.nanoTime() < until) {
                    keepMembership();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        } finally {
            busy = false;
            consumer.resume(consumer.assignment());
        }
    }

    /** Polls while paused; a record that slips through (a new assignment) is read again later. */
    private void keepMembership() {
        for (ConsumerRecord<byte[], byte[]> early : consumer.poll(POLL)) {
            TopicPartition tp = new TopicPartition(early.topic(), early.partition());
            consumer.seek(tp, early.offset());
            consumer.pause(List.of(tp));
        }
    }

    private void commit(TopicPartition partition, long nextOffset) {
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(nextOffset)));
        } catch (KafkaException e) {
            // the partition moved to another trainer; it will find the trigger claimed or done
            LOG.warn("Could not commit {} at {}: {}", partition, nextOffset, e.toString());
        }
    }

    /** Whether the consumer loop is still running. */
    public boolean alive() {
        return alive;
    }

    /** Why the loop stopped, if it failed. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    /** Pauses newly assigned partitions while a trigger is being handled. */
    private final class PauseWhileBusy implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (busy) {
                consumer.pause(partitions);
            }
        }
    }
}
