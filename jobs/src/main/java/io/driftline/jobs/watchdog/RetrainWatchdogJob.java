package io.driftline.jobs.watchdog;

import io.driftline.connectors.kafka.EventKafkaSinkBuilder;
import io.driftline.connectors.kafka.RawRecordSource;
import io.driftline.core.watchdog.WatchdogEvent;
import io.driftline.events.Alert;
import io.driftline.events.DeadLetter;
import io.driftline.events.RawRecord;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.operators.serialization.EventTypeInfo;
import io.driftline.operators.watchdog.RetrainWatchdogFunction;
import io.driftline.operators.watchdog.WatchdogInputFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Retrain watchdog: reads {@code driftline.retrain-status}, {@code driftline.retrain-triggers} and
 * {@code driftline.drift-reports}, and raises {@code AutoRetrainFailed}, {@code
 * AutoRetrainLongDuration} and {@code NoRetrainWithDrift} in Alertmanager (or, without an
 * Alertmanager URL, in MongoDB {@code alerts}); invalid records go to {@code driftline.dead-letter}
 * with the reason.
 *
 * <pre>{@code
 * flink run -c io.driftline.jobs.watchdog.RetrainWatchdogJob driftline-jobs-job.jar \
 *     --driftline.kafka.bootstrap-servers kafka:9092 \
 *     --driftline.alertmanager.url http://alertmanager:9093
 * }</pre>
 */
public final class RetrainWatchdogJob {

    public static final String NAME = "driftline-retrain-watchdog";

    private RetrainWatchdogJob() {}

    /**
     * The job's input: one source carrying the records of the retrain-status, retrain-triggers and
     * drift-reports topics (each record names its topic).
     */
    public record Sources(Source<RawRecord, ?, ?> retrainEvents) {}

    /** The job's outputs: alerts (Alertmanager or MongoDB) and the dead-letter topic. */
    public record Sinks(Sink<Alert> alerts, Sink<DeadLetter> deadLetters) {}

    public static void main(String[] args) throws Exception {
        Configuration options = ParameterTool.fromArgs(args).getConfiguration();
        RetrainWatchdogConfig config = RetrainWatchdogConfig.from(options, System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DriftlineOptions.enableCheckpointingIfUnset(env, options);
        build(env, config, sources(config), sinks(config));
        env.execute(NAME);
    }

    /**
     * Wires the graph. The source carries records of the three input topics named in {@code
     * config}; sources and sinks are parameters so tests and the stack pass their own.
     */
    public static void build(
            StreamExecutionEnvironment env,
            RetrainWatchdogConfig config,
            Sources sources,
            Sinks sinks) {
        SingleOutputStreamOperator<WatchdogEvent> events =
                env.fromSource(
                                sources.retrainEvents(),
                                WatermarkStrategy.noWatermarks(),
                                "watchdog-source")
                        .uid("watchdog-source")
                        .process(
                                new WatchdogInputFunction(
                                        config.statusTopic(),
                                        config.triggersTopic(),
                                        config.reportsTopic(),
                                        config.limits()),
                                TypeInformation.of(WatchdogEvent.class))
                        .uid("watchdog-parse")
                        .name("parse retrain statuses, triggers, drift reports");
        events.keyBy(WatchdogEvent::model, Types.STRING)
                .process(
                        new RetrainWatchdogFunction(config.watchdog()),
                        EventTypeInfo.of(Alert.class))
                .uid("retrain-watchdog")
                .name("retrain watchdog")
                .sinkTo(sinks.alerts())
                .uid("watchdog-alert-sink")
                .name(config.hasAlertmanager() ? "alerts (Alertmanager)" : "alerts (MongoDB)");
        events.getSideOutput(WatchdogInputFunction.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .uid("watchdog-dead-letter-sink")
                .name("dead letters (Kafka)");
    }

    public static Sources sources(RetrainWatchdogConfig config) {
        // from the earliest offset on a first start: the history on the topics rebuilds the
        // watchdog's view
        return new Sources(
                RawRecordSource.create(
                        config.bootstrapServers(),
                        config.groupId(),
                        config.kafkaProperties(),
                        config.statusTopic(),
                        config.triggersTopic(),
                        config.reportsTopic()));
    }

    /** Alerts go to Alertmanager when a URL is configured, the MongoDB {@code alerts} otherwise. */
    public static Sinks sinks(RetrainWatchdogConfig config) {
        return new Sinks(
                config.alerting().sink(),
                new EventKafkaSinkBuilder<DeadLetter>()
                        .setBootstrapServers(config.bootstrapServers())
                        .optProducerProperties(config.kafkaProperties())
                        .setTopic(config.deadLetterTopic())
                        .setTransactionalIdPrefix(NAME + "-dead-letter")
                        .optKey(DeadLetter::sourceTopic)
                        .build());
    }
}
