package io.driftline.jobs.ingest;

import io.driftline.connectors.kafka.EventKafkaSinkBuilder;
import io.driftline.connectors.kafka.RawRecordSource;
import io.driftline.connectors.mongo.FeedbackDocumentSerializationSchema;
import io.driftline.connectors.mongo.FeedbackMongoSink;
import io.driftline.connectors.mongo.MongoDocumentCheck;
import io.driftline.events.DeadLetter;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.RawRecord;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.ingest.SinkCheckFunction;
import io.driftline.operators.serialization.EventTypeInfo;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Feedback ingest: reads {@code driftline.feedback}, validates every record, writes valid events to
 * MongoDB {@code ml_feedback} (idempotent upserts by {@code event_id}) and invalid ones, with the
 * reason and their original bytes, to {@code driftline.dead-letter} (exactly once).
 *
 * <pre>{@code
 * flink run -c io.driftline.jobs.ingest.FeedbackIngestJob driftline-jobs-job.jar \
 *     --driftline.kafka.bootstrap-servers kafka:9092 --driftline.mongo.database driftline
 * }</pre>
 */
public final class FeedbackIngestJob {

    public static final String NAME = "driftline-feedback-ingest";

    private FeedbackIngestJob() {}

    /** The job's input: feedback records off {@code driftline.feedback}. */
    public record Sources(Source<RawRecord, ?, ?> feedback) {}

    /** The job's outputs: {@code ml_feedback} and the dead-letter topic. */
    public record Sinks(Sink<FeedbackEvent> feedback, Sink<DeadLetter> deadLetters) {}

    public static void main(String[] args) throws Exception {
        Configuration options = ParameterTool.fromArgs(args).getConfiguration();
        FeedbackIngestConfig config = FeedbackIngestConfig.from(options, System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DriftlineOptions.enableCheckpointingIfUnset(env, options);
        build(env, config, sources(config), sinks(config));
        env.execute(NAME);
    }

    /**
     * Wires the graph; sources and sinks are parameters so tests and the stack pass their own. The
     * config's feedback topic names the source in dead letters of records that fail after
     * validation.
     */
    public static void build(
            StreamExecutionEnvironment env,
            FeedbackIngestConfig config,
            Sources sources,
            Sinks sinks) {
        DriftlineOptions.passRecordsWithoutCopies(env);
        SingleOutputStreamOperator<FeedbackEvent> valid =
                env.fromSource(
                                sources.feedback(),
                                WatermarkStrategy.noWatermarks(),
                                "feedback-source")
                        .uid("feedback-source")
                        .process(
                                new EventValidationFunction<>(
                                        FeedbackEvent.class, "feedback", config.limits()),
                                EventTypeInfo.of(FeedbackEvent.class))
                        .uid("feedback-validate")
                        .name("validate feedback");
        SingleOutputStreamOperator<FeedbackEvent> storable =
                valid.process(
                                new SinkCheckFunction<>(
                                        new MongoDocumentCheck<>(
                                                new FeedbackDocumentSerializationSchema()),
                                        "mongo-sink",
                                        config.feedbackTopic(),
                                        "mongoDocumentsRefused"),
                                EventTypeInfo.of(FeedbackEvent.class))
                        .uid("feedback-document-check")
                        .name("check ml_feedback documents");
        storable.sinkTo(sinks.feedback()).uid("feedback-mongo-sink").name("ml_feedback (MongoDB)");
        valid.getSideOutput(EventValidationFunction.DEAD_LETTERS)
                .union(storable.getSideOutput(SinkCheckFunction.DEAD_LETTERS))
                .sinkTo(sinks.deadLetters())
                .uid("feedback-dead-letter-sink")
                .name("dead letters (Kafka)");
    }

    public static Sources sources(FeedbackIngestConfig config) {
        return new Sources(
                RawRecordSource.create(
                        config.bootstrapServers(),
                        config.groupId(),
                        config.kafkaProperties(),
                        config.feedbackTopic()));
    }

    public static Sinks sinks(FeedbackIngestConfig config) {
        return new Sinks(
                FeedbackMongoSink.create(
                        config.mongoUri(), config.mongoDatabase(), config.feedbackCollection()),
                new EventKafkaSinkBuilder<DeadLetter>()
                        .setBootstrapServers(config.bootstrapServers())
                        .optProducerProperties(config.kafkaProperties())
                        .setTopic(config.deadLetterTopic())
                        .setTransactionalIdPrefix(NAME + "-dead-letter")
                        .optKey(DeadLetter::sourceTopic)
                        .build());
    }
}
