package io.driftline.jobs.drift;

import io.driftline.connectors.kafka.EventKafkaSinkBuilder;
import io.driftline.connectors.kafka.RawRecordSource;
import io.driftline.connectors.mongo.EventDocumentSerializationSchema;
import io.driftline.connectors.mongo.EventMongoSink;
import io.driftline.connectors.mongo.RegistrySnapshotSource;
import io.driftline.core.profile.ReferenceProfileCheck;
import io.driftline.core.window.WindowPartial;
import io.driftline.events.Alert;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.MetricSample;
import io.driftline.events.ModelPublished;
import io.driftline.events.ParseResult;
import io.driftline.events.RawRecord;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.operators.alerting.DriftAlertFunction;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.metrics.MetricAnomalyFunction;
import io.driftline.operators.policy.RetrainPolicyFunction;
import io.driftline.operators.serialization.EventTypeInfo;
import io.driftline.operators.serialization.SerializerTypeInfo;
import io.driftline.operators.serialization.WindowPartialSerializer;
import io.driftline.operators.window.DriftDetectionFunction;
import io.driftline.operators.window.LocalWindowSummaryOperator;
import io.driftline.operators.window.OutcomeJoinOperator;
import io.driftline.operators.window.SegmentCapFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.mongodb.source.MongoSource;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * DriftDetectionJob: feedback in, drift reports and retrain triggers out.
 *
 * <pre>
 * driftline.feedback ─► validate ─► LocalWindowSummaryOperator ─► window parts ─────────────┬─► keyBy model ─► DriftDetectionFunction ─► drift reports ─► Kafka + MongoDB
 *                       (chained: no shuffle)   └─► pending predictions + outcomes            │                        ▲ broadcast            │
 *                                                   ─► keyBy model+id bucket ─► OutcomeJoinOperator ─┘                        │                      ▼ keyBy model
 * model_registry (at start) + driftline.model-updates ─────────────────────────────────────────────────────────────────┘   RetrainPolicyFunction ─► triggers ─► Kafka + MongoDB
 * driftline.retrain-status ─────────────────────────────────────────────────────────────────────────────────────────────────────────▲
 * drift reports ─► keyBy model ─► DriftAlertFunction ─► Alertmanager (or MongoDB alerts)
 * </pre>
 *
 * Every input is validated; invalid records go to the dead-letter topic with the reason (invalid
 * feedback only with {@code driftline.drift.dead-letter-feedback}, since the ingest job
 * dead-letters the same records).
 *
 * <pre>{@code
 * flink run -c io.driftline.jobs.drift.DriftDetectionJob driftline-jobs-job.jar \
 *     --driftline.kafka.bootstrap-servers kafka:9092 --driftline.drift.window.size "5 min"
 * }</pre>
 */
public final class DriftDetectionJob {

    public static final String NAME = "driftline-drift-detection";

    private static final SerializerTypeInfo<WindowPartial> WINDOW_PARTS =
            SerializerTypeInfo.of(WindowPartial.class, WindowPartialSerializer.INSTANCE);

    /** Segments one model is split into at most; further values count as one "other" segment. */
    public static final int MAX_SEGMENTS_PER_MODEL = 100;

    private DriftDetectionJob() {}

    /** The job's inputs; {@code registrySnapshot} may be null (no registry to load). */
    public record Sources(
            Source<RawRecord, ?, ?> feedback,
            Source<RawRecord, ?, ?> modelUpdates,
            Source<RawRecord, ?, ?> registrySnapshot,
            Source<RawRecord, ?, ?> retrainStatus,
            Source<RawRecord, ?, ?> metrics) {}

    /** The job's outputs. */
    public record Sinks(
            Sink<DriftReport> reportsKafka,
            Sink<DriftReport> reportsMongo,
            Sink<RetrainTrigger> triggersKafka,
            Sink<RetrainTrigger> triggersMongo,
            Sink<Alert> alerts,
            Sink<DeadLetter> deadLetters) {}

    /** The streams the job builds, for callers that attach more sinks or checks. */
    public record Streams(DataStream<DriftReport> reports, DataStream<RetrainTrigger> triggers) {}

    public static void main(String[] args) throws Exception {
        Configuration options = ParameterTool.fromArgs(args).getConfiguration();
        DriftDetectionConfig config = DriftDetectionConfig.from(options, System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DriftlineOptions.enableCheckpointingIfUnset(env, options);
        build(env, config, sources(config), sinks(config));
        env.execute(NAME);
    }

    /** Wires the graph. */
    public static Streams build(
            StreamExecutionEnvironment env,
            DriftDetectionConfig config,
            Sources sources,
            Sinks sinks) {
        DriftlineOptions.passRecordsWithoutCopies(env);
        EventLimits limits = config.limits();
        java.time.Duration outOfOrderness = config.outOfOrderness();
        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();

        // event time per Kafka partition, at the source: one partition's odd clock cannot move
        // another's watermark
        WatermarkStrategy<RawRecord> eventTime =
                sourceEventTime(outOfOrderness, config.idleness(), limits);
        SingleOutputStreamOperator<FeedbackEvent> feedback =
                validate(
                        env,
                        sources.feedback(),
                        eventTime,
                        FeedbackEvent.class,
                        "feedback",
                        limits,
                        "feedback",
                        event -> null);
        if (config.deadLetterFeedback()) {
            deadLetters.add(feedback.getSideOutput(EventValidationFunction.DEAD_LETTERS));
        }
        DataStream<FeedbackEvent> timed = feedback;
        if (config.segmentKey() != null) {
            // bound the segments per model before keying by model and segment
            timed =
                    feedback.keyBy(FeedbackEvent::model)
                            .process(
                                    new SegmentCapFunction(
                                            config.segmentKey(),
                                            MAX_SEGMENTS_PER_MODEL,
                                            config.settings().idleStateTtl().toMillis()),
                                    EventTypeInfo.of(FeedbackEvent.class))
                            .uid("segment-cap")
                            .name("segments per model");
        }

        ReferenceProfileCheck profileCheck = new ReferenceProfileCheck(config.settings().summary());
        SingleOutputStreamOperator<ModelPublished> updates =
                validate(
                        env,
                        sources.modelUpdates(),
                        WatermarkStrategy.noWatermarks(),
                        ModelPublished.class,
                        "model-updates",
                        limits,
                        "modelUpdates",
                        profileCheck::problem);
        deadLetters.add(updates.getSideOutput(EventValidationFunction.DEAD_LETTERS));
        DataStream<ModelPublished> published = updates;
        if (sources.registrySnapshot() != null) {
            SingleOutputStreamOperator<ModelPublished> registry =
                    validate(
                            env,
                            sources.registrySnapshot(),
                            WatermarkStrategy.noWatermarks(),
                            ModelPublished.class,
                            "model-registry",
                            new EventLimits(64 << 20, 100_000, 4096, 256, 4096),
                            "registry",
                            profileCheck::problem);
            deadLetters.add(registry.getSideOutput(EventValidationFunction.DEAD_LETTERS));
            published = published.union(registry);
        }
        BroadcastStream<ModelPublished> references =
                published
                        .assignTimestampsAndWatermarks(neverHoldsBackEventTime())
                        .uid("references-event-time")
                        .name("references")
                        .broadcast(DriftDetectionFunction.REFERENCES);

        if (config.rebalanceFeedback()) {
            // a topic keyed by model binds a hot model to one partition, so to one subtask
            timed = timed.rebalance();
        }
        // stage 1, chained to the edge: each subtask summarises its share of every model's
        // windows (one hot model keeps all subtasks busy); predictions awaiting their outcome and
        // outcome-only events go, a few dozen bytes each, to the join keyed by model and event id,
        // which adds the outcomes' share; stage 2 merges a window's parts per model and evaluates
        SingleOutputStreamOperator<WindowPartial> localParts =
                timed.transform(
                                "window summaries",
                                WINDOW_PARTS,
                                new LocalWindowSummaryOperator(
                                        config.settings(),
                                        config.feedbackTopic(),
                                        new ModelKeySelector(config.segmentKey())))
                        .uid("window-parts");
        deadLetters.add(localParts.getSideOutput(LocalWindowSummaryOperator.DEAD_LETTERS));
        SingleOutputStreamOperator<WindowPartial> outcomeParts =
                localParts
                        .getSideOutput(LocalWindowSummaryOperator.OUTCOME_JOIN)
                        .keyBy(OutcomeJoinOperator::bucketOf, Types.INT)
                        .transform(
                                "outcome join",
                                WINDOW_PARTS,
                                new OutcomeJoinOperator(config.settings(), config.feedbackTopic()))
                        .uid("outcome-join");
        deadLetters.add(outcomeParts.getSideOutput(OutcomeJoinOperator.DEAD_LETTERS));
        DataStream<WindowPartial> windowParts = localParts.union(outcomeParts);
        SingleOutputStreamOperator<DriftReport> featureReports =
                windowParts
                        .keyBy(WindowPartial::key, Types.STRING)
                        .connect(references)
                        .process(
                                new DriftDetectionFunction(
                                        config.settings(), config.feedbackTopic()),
                                EventTypeInfo.of(DriftReport.class))
                        // the uid of the one-stage operator of earlier versions: the learned
                        // references (keyed by model, as here) survive an upgrade
                        .uid("drift-detection")
                        .name("drift detection");
        deadLetters.add(featureReports.getSideOutput(DriftDetectionFunction.DEAD_LETTERS));
        DataStream<DriftReport> reports = featureReports;
        if (sources.metrics() != null) {
            SingleOutputStreamOperator<MetricSample> metrics =
                    validate(
                            env,
                            sources.metrics(),
                            eventTime,
                            MetricSample.class,
                            "metrics",
                            limits,
                            "metrics",
                            event -> null);
            deadLetters.add(metrics.getSideOutput(EventValidationFunction.DEAD_LETTERS));
            SingleOutputStreamOperator<DriftReport> metricReports =
                    metrics.filter(sample -> sample.model().isPresent())
                            .uid("metrics-with-model")
                            .name("samples bound to a model")
                            .keyBy(sample -> sample.model().orElseThrow())
                            .process(
                                    new MetricAnomalyFunction(
                                            config.settings().windows(),
                                            config.metricRules(),
                                            config.metricBaselineWindows(),
                                            config.metricZThreshold(),
                                            config.metricsTopic()),
                                    EventTypeInfo.of(DriftReport.class))
                            .uid("metric-anomalies")
                            .name("metric anomalies");
            deadLetters.add(metricReports.getSideOutput(MetricAnomalyFunction.DEAD_LETTERS));
            reports = featureReports.union(metricReports);
        }
        reports.sinkTo(sinks.reportsKafka())
                .uid("drift-reports-kafka")
                .name("drift reports (Kafka)");
        reports.sinkTo(sinks.reportsMongo())
                .uid("drift-reports-mongo")
                .name("drift_reports (MongoDB)");

        SingleOutputStreamOperator<RetrainStatus> statuses =
                validate(
                        env,
                        sources.retrainStatus(),
                        RetrainStatus.class,
                        "retrain-status",
                        limits,
                        "retrainStatus");
        deadLetters.add(statuses.getSideOutput(EventValidationFunction.DEAD_LETTERS));
        SingleOutputStreamOperator<RetrainTrigger> triggers =
                reports.keyBy(DriftReport::model)
                        .connect(statuses.keyBy(RetrainStatus::model))
                        .process(
                                new RetrainPolicyFunction(config.policy()),
                                EventTypeInfo.of(RetrainTrigger.class))
                        .uid("retrain-policy")
                        .name("retrain policy");
        deadLetters.add(triggers.getSideOutput(RetrainPolicyFunction.DEAD_LETTERS));
        triggers.sinkTo(sinks.triggersKafka())
                .uid("triggers-kafka")
                .name("retrain triggers (Kafka)");
        triggers.sinkTo(sinks.triggersMongo())
                .uid("triggers-mongo")
                .name("retraining_triggers (MongoDB)");

        SingleOutputStreamOperator<Alert> alerts =
                reports.keyBy(DriftReport::model)
                        .process(
                                new DriftAlertFunction(config.alerting().runbookBaseUrl()),
                                EventTypeInfo.of(Alert.class))
                        .uid("drift-alerts")
                        .name("drift alerts");
        deadLetters.add(alerts.getSideOutput(DriftAlertFunction.DEAD_LETTERS));
        alerts.sinkTo(sinks.alerts())
                .uid("drift-alerts-sink")
                .name(
                        config.alerting().hasAlertmanager()
                                ? "alerts (Alertmanager)"
                                : "alerts (MongoDB)");

        DataStream<DeadLetter> allDeadLetters = deadLetters.get(0);
        for (int i = 1; i < deadLetters.size(); i++) {
            allDeadLetters = allDeadLetters.union(deadLetters.get(i));
        }
        allDeadLetters
                .sinkTo(sinks.deadLetters())
                .uid("drift-dead-letters")
                .name("dead letters (Kafka)");
        return new Streams(reports, triggers);
    }

    private static <T> SingleOutputStreamOperator<T> validate(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            Class<T> type,
            String name,
            EventLimits limits,
            String metricPrefix) {
        return validate(
                env,
                source,
                WatermarkStrategy.noWatermarks(),
                type,
                name,
                limits,
                metricPrefix,
                event -> null);
    }

    private static <T> SingleOutputStreamOperator<T> validate(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            WatermarkStrategy<RawRecord> watermarks,
            Class<T> type,
            String name,
            EventLimits limits,
            String metricPrefix,
            EventValidationFunction.Check<T> check) {
        return env.fromSource(source, watermarks, name + "-source")
                .uid(name + "-source")
                .process(
                        new EventValidationFunction<>(type, metricPrefix, limits, check),
                        EventTypeInfo.of(type))
                .uid(name + "-validate")
                .name("validate " + name);
    }

    /**
     * Event time read at the source, so the Kafka source keeps one watermark per partition (the
     * reader's watermark is the minimum over its partitions, idle ones aside): the top-level {@code
     * ts}, scanned without a full parse, when it lies within the contract's window around the wall
     * clock ({@link EventLimits#checkEventTime}); anything else carries no event time and cannot
     * move a watermark (it is judged, and dead-lettered, by validation downstream). The watermark
     * itself never runs ahead of the wall clock ({@link ClockBoundedWatermarks}).
     */
    static WatermarkStrategy<RawRecord> sourceEventTime(
            java.time.Duration outOfOrderness, java.time.Duration idleness, EventLimits limits) {
        return WatermarkStrategy.<RawRecord>forGenerator(
                        context -> new ClockBoundedWatermarks<>(outOfOrderness))
                .withTimestampAssigner((record, previous) -> eventTimeOf(record, limits))
                .withIdleness(idleness);
    }

    /** The event time {@link #sourceEventTime} gives a raw record. */
    static long eventTimeOf(RawRecord record, EventLimits limits) {
        // a valid event is parsed here, and validation (chained, same thread) takes the result;
        // anything else gets the scan's answer, as before
        ParseResult<FeedbackEvent> parsed =
                EventJson.parseOnce(record.value(), FeedbackEvent.class, limits);
        long ts = parsed.isValid() ? parsed.value().ts() : EventJson.eventTime(record.value());
        if (ts == EventJson.NO_EVENT_TIME
                || limits.checkEventTime(ts, System.currentTimeMillis()) != null) {
            return EventJson.NO_EVENT_TIME;
        }
        return ts;
    }

    /**
     * Broadcast inputs carry no event time: they declare themselves idle, so the feedback's
     * watermark alone drives the windows. (They used to emit a watermark at the end of time; when
     * every feedback partition went idle — a job started before its producers, a quiet night — that
     * end-of-time watermark became the operator's, every later event was "late" and no report was
     * ever produced again, silently.)
     */
    static <T> WatermarkStrategy<T> neverHoldsBackEventTime() {
        return WatermarkStrategy.forGenerator(
                context ->
                        new WatermarkGenerator<T>() {
                            @Override
                            public void onEvent(T event, long timestamp, WatermarkOutput output) {}

                            @Override
                            public void onPeriodicEmit(WatermarkOutput output) {
                                output.markIdle();
                            }
                        });
    }

    public static Sources sources(DriftDetectionConfig config) {
        MongoSource<RawRecord> registry =
                RegistrySnapshotSource.create(
                        config.mongoUri(), config.mongoDatabase(), config.registryCollection());
        String group = config.groupId();
        return new Sources(
                RawRecordSource.create(
                        config.bootstrapServers(),
                        group,
                        config.kafkaProperties(),
                        config.feedbackTopic()),
                // model updates have their own consumer group (first start: from the beginning);
                // the registry snapshot supplies the current references after a fresh start
                RawRecordSource.create(
                        config.bootstrapServers(),
                        group + "-model-updates",
                        config.kafkaProperties(),
                        config.modelUpdatesTopic()),
                registry,
                RawRecordSource.create(
                        config.bootstrapServers(),
                        group + "-retrain-status",
                        config.kafkaProperties(),
                        config.retrainStatusTopic()),
                RawRecordSource.create(
                        config.bootstrapServers(),
                        group + "-metrics",
                        config.kafkaProperties(),
                        config.metricsTopic()));
    }

    public static Sinks sinks(DriftDetectionConfig config) {
        return new Sinks(
                new EventKafkaSinkBuilder<DriftReport>()
                        .setBootstrapServers(config.bootstrapServers())
                        .optProducerProperties(config.kafkaProperties())
                        .setTopic(config.driftReportsTopic())
                        .setTransactionalIdPrefix(NAME + "-reports")
                        .optKey(DriftReport::model)
                        .build(),
                EventMongoSink.create(
                        config.mongoUri(),
                        config.mongoDatabase(),
                        config.driftReportsCollection(),
                        DriftReport::reportId,
                        EventDocumentSerializationSchema.Mode.REPLACE),
                new EventKafkaSinkBuilder<RetrainTrigger>()
                        .setBootstrapServers(config.bootstrapServers())
                        .optProducerProperties(config.kafkaProperties())
                        .setTopic(config.retrainTriggersTopic())
                        .setTransactionalIdPrefix(NAME + "-triggers")
                        .optKey(RetrainTrigger::model)
                        .build(),
                EventMongoSink.create(
                        config.mongoUri(),
                        config.mongoDatabase(),
                        config.triggersCollection(),
                        RetrainTrigger::triggerId,
                        EventDocumentSerializationSchema.Mode.INSERT_IF_ABSENT),
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
