package io.driftline.jobs.drift;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.driftline.core.catalog.CatalogFile;
import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.core.metrics.MetricRule;
import io.driftline.core.policy.RetrainPolicyConfig;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.EventLimits;
import io.driftline.jobs.config.AlertingConfig;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.TimeUtils;

/**
 * Validated settings of {@link DriftDetectionJob}, read from {@link DriftlineOptions} (and the
 * MongoDB URI from {@code DRIFTLINE_MONGO_URI} when set).
 */
public record DriftDetectionConfig(
        String bootstrapServers,
        String groupId,
        String feedbackTopic,
        String metricsTopic,
        String modelUpdatesTopic,
        String retrainStatusTopic,
        String driftReportsTopic,
        String retrainTriggersTopic,
        String deadLetterTopic,
        String mongoUri,
        String mongoDatabase,
        String driftReportsCollection,
        String triggersCollection,
        String registryCollection,
        DriftDetectionSettings settings,
        RetrainPolicyConfig policy,
        Duration outOfOrderness,
        Duration idleness,
        String segmentKey,
        boolean rebalanceFeedback,
        boolean deadLetterFeedback,
        EventLimits limits,
        AlertingConfig alerting,
        List<MetricRule> metricRules,
        int metricBaselineWindows,
        double metricZThreshold,
        Map<String, String> kafkaProperties) {

    public DriftDetectionConfig {
        checkArgument(
                !bootstrapServers.isBlank(),
                "%s must not be blank",
                DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS.key());
        checkArgument(
                mongoUri.startsWith("mongodb://") || mongoUri.startsWith("mongodb+srv://"),
                "%s must be a mongodb:// or mongodb+srv:// URI",
                DriftlineOptions.MONGO_URI.key());
        checkArgument(
                !outOfOrderness.isNegative(),
                "%s must not be negative",
                DriftlineOptions.OUT_OF_ORDERNESS.key());
    }

    public static DriftDetectionConfig from(ReadableConfig config, Map<String, String> env) {
        String mongoUri =
                env.getOrDefault(
                        FeedbackIngestConfig.MONGO_URI_ENV, config.get(DriftlineOptions.MONGO_URI));
        Duration size = config.get(DriftlineOptions.WINDOW_SIZE);
        Duration slide = config.getOptional(DriftlineOptions.WINDOW_SLIDE).orElse(size);
        Duration lateness = config.get(DriftlineOptions.ALLOWED_LATENESS);
        WindowSpec windows = WindowSpec.sliding(size, slide, lateness);
        DriftDecisionConfig decision = DriftlineOptions.decision(config);
        CatalogFile catalog =
                config.getOptional(DriftlineOptions.CATALOG_PATH)
                        .map(
                                path ->
                                        CatalogFile.load(
                                                Path.of(path),
                                                config.get(DriftlineOptions.CATALOG_CHECK_INTERVAL),
                                                decision))
                        .orElseGet(() -> CatalogFile.none(decision));
        DriftDetectionSettings settings =
                new DriftDetectionSettings(
                        windows,
                        SummaryConfig.defaults(),
                        decision,
                        config.get(DriftlineOptions.BOOTSTRAP_WINDOWS),
                        config.get(DriftlineOptions.MIN_LABELLED),
                        config.get(DriftlineOptions.POSITIVE_LABEL),
                        // a prediction waits for its outcome as long as its window can still take
                        // it
                        size.plus(lateness).plus(config.get(DriftlineOptions.OUT_OF_ORDERNESS)),
                        DriftDetectionSettings.DEFAULT_IDLE_STATE_TTL,
                        catalog);
        // the catalog's schedules, then the option's (which win where both name a model)
        Map<String, Duration> schedules = new HashMap<>(catalog.initial().schedules());
        config.get(DriftlineOptions.POLICY_SCHEDULES)
                .forEach(
                        (model, interval) ->
                                schedules.put(model, TimeUtils.parseDuration(interval)));
        RetrainPolicyConfig policy =
                new RetrainPolicyConfig(
                        config.get(DriftlineOptions.POLICY_CONSECUTIVE_WINDOWS),
                        config.get(DriftlineOptions.POLICY_MIN_SAMPLES),
                        config.get(DriftlineOptions.POLICY_COOLDOWN),
                        schedules,
                        config.get(DriftlineOptions.POLICY_PENDING_TIMEOUT),
                        config.get(DriftlineOptions.POLICY_DETECTOR_TRIGGERS));
        FeedbackIngestConfig common = FeedbackIngestConfig.from(config, env);
        return new DriftDetectionConfig(
                config.get(DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS),
                config.get(DriftlineOptions.KAFKA_GROUP_ID) + "-drift-detection",
                config.get(DriftlineOptions.TOPIC_FEEDBACK),
                config.get(DriftlineOptions.TOPIC_METRICS),
                config.get(DriftlineOptions.TOPIC_MODEL_UPDATES),
                config.get(DriftlineOptions.TOPIC_RETRAIN_STATUS),
                config.get(DriftlineOptions.TOPIC_DRIFT_REPORTS),
                config.get(DriftlineOptions.TOPIC_RETRAIN_TRIGGERS),
                config.get(DriftlineOptions.TOPIC_DEAD_LETTER),
                mongoUri,
                config.get(DriftlineOptions.MONGO_DATABASE),
                config.get(DriftlineOptions.COLLECTION_DRIFT_REPORTS),
                config.get(DriftlineOptions.COLLECTION_TRIGGERS),
                config.get(DriftlineOptions.COLLECTION_MODEL_REGISTRY),
                settings,
                policy,
                config.get(DriftlineOptions.OUT_OF_ORDERNESS),
                config.get(DriftlineOptions.IDLENESS),
                config.getOptional(DriftlineOptions.SEGMENT_KEY).orElse(null),
                config.get(DriftlineOptions.REBALANCE_FEEDBACK),
                config.get(DriftlineOptions.DEAD_LETTER_FEEDBACK),
                common.limits(),
                AlertingConfig.from(config, env),
                config.get(DriftlineOptions.METRIC_RULES).stream().map(MetricRule::parse).toList(),
                config.get(DriftlineOptions.METRIC_BASELINE_WINDOWS),
                config.get(DriftlineOptions.METRIC_Z_THRESHOLD),
                common.kafkaProperties());
    }
}
