package io.driftline.stack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.driftline.stack.workload.WorkloadProducer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints the stack's status line every few seconds: feedback produced (and how much of it was
 * malformed on purpose), documents in {@code ml_feedback}, records in the dead-letter topic, and
 * the ingest job's state.
 */
final class StatusReporter implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final EmbeddedStack stack;
    private final WorkloadProducer workload;
    private final Map<String, JobID> jobs;
    private final PrintStream out;
    private final MongoClient mongo;
    private final KafkaConsumer<byte[], byte[]> deadLetters;
    private final AtomicLong deadLettered = new AtomicLong();
    private final long feedbackAtStart;

    StatusReporter(
            EmbeddedStack stack,
            WorkloadProducer workload,
            Map<String, JobID> jobs,
            PrintStream out) {
        this.stack = stack;
        this.workload = workload;
        this.jobs = jobs;
        this.out = out;
        this.mongo = MongoClients.create(stack.mongo().connectionString());
        this.feedbackAtStart = feedbackDocuments();
        this.deadLetters =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                stack.kafka().bootstrapServers(),
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "latest",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                "false",
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "driftline-stack-status"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        deadLetters.subscribe(List.of(StackConfig.TOPIC_DEAD_LETTER));
    }

    private long feedbackDocuments() {
        return mongo.getDatabase(stack.config().mongoDatabase())
                .getCollection(StackConfig.COLLECTION_FEEDBACK)
                .estimatedDocumentCount();
    }

    /** Counts new dead letters for up to {@code wait}, then prints one status line. */
    void report(Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            deadLettered.addAndGet(deadLetters.poll(Duration.ofMillis(500)).count());
        }
        out.printf(
                "[%s] produced %d (%d malformed on purpose) | ml_feedback +%d docs | dead-letter +%d | %s%s%n",
                LocalTime.now().format(TIME),
                workload.produced(),
                workload.invalidProduced(),
                feedbackDocuments() - feedbackAtStart,
                deadLettered.get(),
                jobStates(),
                workload.driftStarted() ? " | drift injected" : "");
        out.flush();
    }

    private String jobStates() throws Exception {
        StringBuilder states = new StringBuilder();
        for (Map.Entry<String, JobID> job : jobs.entrySet()) {
            if (states.length() > 0) {
                states.append(", ");
            }
            states.append(job.getKey()).append(' ').append(stack.flink().status(job.getValue()));
        }
        return states.toString();
    }

    @Override
    public void close() {
        deadLetters.close();
        mongo.close();
    }
}
