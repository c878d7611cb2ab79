package io.driftline.jobs.ingest;

import io.driftline.connectors.kafka.EventKafkaSinkBuilder;
import io.driftline.connectors.kafka.RawRecordSource;
import io.driftline.connectors.mongo.FeedbackDocumentSerializationSchema;
import io.driftline.connectors.mongo.FeedbackMongoSink;
import io.driftline.connectors.mongo.MongoDocumentCheck;
import io.driftline.events.DeadLetter;
import io.driftline.events.EventLimits;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.RawRecord;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.ingest.SinkCheckFunction;
import io.driftline.operators.serialization.EventTypeInfo;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
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

    public static void main(String[] args) throws Exception {
        Configuration options = ParameterTool.fromArgs(args).getConfiguration();
        FeedbackIngestConfig config = FeedbackIngestConfig.from(options, System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env.getCheckpointConfig().getCheckpointInterval() <= 0) {
            env.enableCheckpointing(options.get(DriftlineOptions.CHECKPOINT_INTERVAL).toMillis());
        }
        build(
                env,
                config.limits(),
                config.feedbackTopic(),
                source(config),
                feedbackSink(config),
                deadLetterSink(config));
        env.execute(NAME);
    }

    /** Wires the graph; sources and sinks are parameters so tests and the stack pass their own. */
    public static void build(
            StreamExecutionEnvironment env,
            EventLimits limits,
            Source<RawRecord, ?, ?> source,
            Sink<FeedbackEvent> feedbackSink,
            Sink<DeadLetter> deadLetterSink) {
        build(env, limits, "driftline.feedback", source, feedbackSink, deadLetterSink);
    }

    /**
     * Wires the graph; {@code sourceTopic} names the feedback topic in dead letters of records that
     * fail after validation.
     */
    public static void build(
            StreamExecutionEnvironment env,
            EventLimits limits,
            String sourceTopic,
            Source<RawRecord, ?, ?> source,
            Sink<FeedbackEvent> feedbackSink,
            Sink<DeadLetter> deadLetterSink) {
        SingleOutputStreamOperator<FeedbackEvent> valid =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "feedback-source")
                        .uid("feedback-source")
                        .process(
                                new EventValidationFunction<>(
                                        FeedbackEvent.class, "feedback", limits),
                                EventTypeInfo.of(FeedbackEvent.class))
                        .uid("feedback-validate")
                        .name("validate feedback");
        SingleOutputStreamOperator<FeedbackEvent> storable =
                valid.process(
                                new SinkCheckFunction<>(
                                        new MongoDocumentCheck<>(
                                                new FeedbackDocumentSerializationSchema()),
                                        "mongo-sink",
                                        sourceTopic,
                                        "mongoDocumentsRefused"),
                                EventTypeInfo.of(FeedbackEvent.class))
                        .uid("feedback-document-check")
                        .name("check ml_feedback documents");
        storable.sinkTo(feedbackSink).uid("feedback-mongo-sink").name("ml_feedback (MongoDB)");
        valid.getSideOutput(EventValidationFunction.DEAD_LETTERS)
                .union(storable.getSideOutput(SinkCheckFunction.DEAD_LETTERS))
                .sinkTo(deadLetterSink)
                .uid("feedback-dead-letter-sink")
                .name("dead letters (Kafka)");
    }

    public static KafkaSource<RawRecord> source(FeedbackIngestConfig config) {
        return RawRecordSource.create(
                config.bootstrapServers(), config.groupId(), Map.of(), config.feedbackTopic());
    }

    public static Sink<FeedbackEvent> feedbackSink(FeedbackIngestConfig config) {
        return FeedbackMongoSink.create(
                config.mongoUri(), config.mongoDatabase(), config.feedbackCollection());
    }

    public static Sink<DeadLetter> deadLetterSink(FeedbackIngestConfig config) {
        return new EventKafkaSinkBuilder<DeadLetter>()
                .setBootstrapServers(config.bootstrapServers())
                .setTopic(config.deadLetterTopic())
                .setTransactionalIdPrefix(NAME + "-dead-letter")
                .optKey(DeadLetter::sourceTopic)
                .build();
    }
}
