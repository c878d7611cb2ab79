package io.driftline.stack;

import io.driftline.stack.alerting.EmbeddedAlertmanager;
import io.driftline.stack.flink.LocalFlinkCluster;
import io.driftline.stack.kafka.EmbeddedKafka;
import io.driftline.stack.mongo.EmbeddedMongo;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default stack's infrastructure: a MongoDB-protocol server, a Kafka broker (child
 * JVM), Alertmanager (child process, when installed) and a local Flink cluster with its dashboard.
 * Closing it stops everything in reverse order; no child process outlives it.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.start(StackConfig.defaults(), brokerLib)) {
 *     stack.flink().submit(env, "my-job");
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final StackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedMongo mongo;
    private EmbeddedKafka kafka;
    private EmbeddedAlertmanager alertmanager;
    private LocalFlinkCluster flink;
    private boolean closed;

    private EmbeddedStack(StackConfig config) {
        this.config = config;
    }

    /** Starts every part; on a failure, stops what had started and rethrows. */
    public static EmbeddedStack start(StackConfig config, Path brokerLib) throws Exception {
        EmbeddedStack stack = new EmbeddedStack(config);
        try {
            stack.mongo = EmbeddedMongo.start(config.mongoFile(), "localhost", config.mongoPort());
            stack.started.push(stack.mongo);
            stack.kafka =
                    EmbeddedKafka.start(
                            config.kafkaDir(),
                            config.kafkaPort(),
                            config.kafkaControllerPort(),
                            brokerLib);
            stack.started.push(stack.kafka);
            stack.kafka.createTopics(StackConfig.TOPICS, 1);
            if (config.startAlertmanager()) {
                stack.alertmanager =
                        EmbeddedAlertmanager.startIfInstalled(
                                        config.alertmanagerDir(), config.alertmanagerPort())
                                .orElse(null);
                if (stack.alertmanager != null) {
                    stack.started.push(stack.alertmanager);
                }
            }
            stack.flink = LocalFlinkCluster.start(config.flinkDir(), config.flinkPort(), 8);
            stack.started.push(stack.flink);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    public StackConfig config() {
        return config;
    }

    public EmbeddedMongo mongo() {
        return mongo;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** Alertmanager, if it is installed and was started. */
    public Optional<EmbeddedAlertmanager> alertmanager() {
        return Optional.ofNullable(alertmanager);
    }

    public LocalFlinkCluster flink() {
        return flink;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Flink first (its sinks still talk to Kafka and MongoDB), then the rest in reverse.
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Error while stopping {}", part.getClass().getSimpleName(), e);
            }
        }
    }
}
