package io.driftline.jobs.config;

import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.core.decision.MultipleTestingCorrection;
import io.driftline.core.performance.PerformanceMetric;
import io.driftline.events.DefaultNames;
import io.driftline.events.EventLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Every option of Driftline's Flink jobs, under the {@code driftline.} prefix. They are read from
 * the job's arguments ({@code --driftline.kafka.bootstrap-servers host:9092}) or from Flink's
 * configuration; this class is the single source of truth for names, defaults and descriptions.
 */
public final class DriftlineOptions {

    private DriftlineOptions() {}

    static String key(String suffix) {
        return "driftline." + suffix;
    }

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            ConfigOptions.key(key("kafka.bootstrap-servers"))
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers the jobs read from and write to.");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            ConfigOptions.key(key("kafka.group-id"))
                    .stringType()
                    .defaultValue("driftline")
                    .withDescription(
                            "Consumer group prefix; each job appends its name. Offsets are"
                                    + " committed on checkpoints (Flink's state is the source of"
                                    + " truth; the group only shows lag).");

    public static final ConfigOption<Map<String, String>> KAFKA_PROPERTIES =
            ConfigOptions.key(key("kafka.properties"))
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Kafka client properties for every consumer and producer of the jobs,"
                                    + " for TLS and SASL: one option per property"
                                    + " ('--driftline.kafka.properties.security.protocol SASL_SSL')"
                                    + " or a map. Keep secrets out of the command line with Kafka's"
                                    + " config providers (config.providers=file and"
                                    + " ${file:/path:key} values). The properties Driftline"
                                    + " manages (bootstrap.servers, group.id, serializers,"
                                    + " transactional.id, isolation.level, enable.auto.commit) are"
                                    + " refused.");

    /** Client properties the jobs set themselves; {@link #KAFKA_PROPERTIES} may not give them. */
    private static final java.util.Set<String> MANAGED_KAFKA_PROPERTIES =
            java.util.Set.of(
                    "bootstrap.servers",
                    "group.id",
                    "key.deserializer",
                    "value.deserializer",
                    "key.serializer",
                    "value.serializer",
                    "transactional.id",
                    "isolation.level",
                    "enable.auto.commit");

    /**
     * The Kafka client properties the options give, checked.
     *
     * @throws IllegalArgumentException for a property the jobs manage themselves
     */
    public static Map<String, String> kafkaProperties(ReadableConfig config) {
        Map<String, String> properties = new java.util.TreeMap<>(config.get(KAFKA_PROPERTIES));
        for (String name : properties.keySet()) {
            if (MANAGED_KAFKA_PROPERTIES.contains(name)) {
                throw new IllegalArgumentException(
                        KAFKA_PROPERTIES.key()
                                + "."
                                + name
                                + ": the jobs set this property themselves"
                                + (name.equals("bootstrap.servers")
                                        ? "; use " + KAFKA_BOOTSTRAP_SERVERS.key()
                                        : name.equals("group.id")
                                                ? "; use " + KAFKA_GROUP_ID.key()
                                                : ""));
            }
        }
        return Map.copyOf(properties);
    }

    public static final ConfigOption<String> TOPIC_FEEDBACK =
            ConfigOptions.key(key("topics.feedback"))
                    .stringType()
                    .defaultValue(DefaultNames.FEEDBACK_TOPIC)
                    .withDescription("Topic of FeedbackEvents (predictions and outcomes).");

    public static final ConfigOption<String> TOPIC_METRICS =
            ConfigOptions.key(key("topics.metrics"))
                    .stringType()
                    .defaultValue("driftline.metrics")
                    .withDescription("Topic of MetricSamples.");

    public static final ConfigOption<String> TOPIC_DEAD_LETTER =
            ConfigOptions.key(key("topics.dead-letter"))
                    .stringType()
                    .defaultValue("driftline.dead-letter")
                    .withDescription("Topic that receives invalid input with the reason.");

    public static final ConfigOption<String> MONGO_URI =
            ConfigOptions.key(key("mongo.uri"))
                    .stringType()
                    .defaultValue("mongodb://localhost:27017")
                    .withDescription(
                            "MongoDB connection URI. Put credentials in the environment"
                                    + " (DRIFTLINE_MONGO_URI), not on the command line.");

    public static final ConfigOption<String> MONGO_DATABASE =
            ConfigOptions.key(key("mongo.database"))
                    .stringType()
                    .defaultValue("driftline")
                    .withDescription("MongoDB database holding Driftline's collections.");

    public static final ConfigOption<String> COLLECTION_FEEDBACK =
            ConfigOptions.key(key("mongo.collections.feedback"))
                    .stringType()
                    .defaultValue(DefaultNames.FEEDBACK_COLLECTION)
                    .withDescription("Collection of feedback events, one document per event_id.");

    public static final ConfigOption<Integer> MAX_PAYLOAD_BYTES =
            ConfigOptions.key(key("validation.max-payload-bytes"))
                    .intType()
                    .defaultValue(1024 * 1024)
                    .withDescription("Larger records are dead-lettered without being parsed.");

    public static final ConfigOption<Integer> MAX_FEATURES =
            ConfigOptions.key(key("validation.max-features"))
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Events with more features are dead-lettered.");

    public static final ConfigOption<Duration> MAX_EVENT_LEAD =
            ConfigOptions.key(key("validation.max-event-lead"))
                    .durationType()
                    .defaultValue(EventLimits.DEFAULT_MAX_EVENT_LEAD)
                    .withDescription(
                            "Feedback events and metric samples whose ts lies further ahead of the"
                                    + " job's processing time are dead-lettered (too far in the"
                                    + " future), so one bad clock cannot move the watermark.");

    public static final ConfigOption<Duration> MAX_EVENT_AGE =
            ConfigOptions.key(key("validation.max-event-age"))
                    .durationType()
                    .defaultValue(EventLimits.DEFAULT_MAX_EVENT_AGE)
                    .withDescription(
                            "Feedback events and metric samples whose ts lies further behind the"
                                    + " job's processing time are dead-lettered as too late.");

    public static final ConfigOption<String> TOPIC_MODEL_UPDATES =
            ConfigOptions.key(key("topics.model-updates"))
                    .stringType()
                    .defaultValue(DefaultNames.MODEL_UPDATES_TOPIC)
                    .withDescription("Topic of ModelPublished events (new versions, rollbacks).");

    public static final ConfigOption<String> TOPIC_RETRAIN_STATUS =
            ConfigOptions.key(key("topics.retrain-status"))
                    .stringType()
                    .defaultValue(DefaultNames.RETRAIN_STATUS_TOPIC)
                    .withDescription(
                            "Topic of RetrainStatus events (trigger lifecycle transitions).");

    public static final ConfigOption<String> TOPIC_DRIFT_REPORTS =
            ConfigOptions.key(key("topics.drift-reports"))
                    .stringType()
                    .defaultValue("driftline.drift-reports")
                    .withDescription("Topic the DriftReports are written to.");

    public static final ConfigOption<String> TOPIC_RETRAIN_TRIGGERS =
            ConfigOptions.key(key("topics.retrain-triggers"))
                    .stringType()
                    .defaultValue(DefaultNames.RETRAIN_TRIGGERS_TOPIC)
                    .withDescription("Topic the RetrainTriggers are written to.");

    public static final ConfigOption<String> COLLECTION_DRIFT_REPORTS =
            ConfigOptions.key(key("mongo.collections.drift-reports"))
                    .stringType()
                    .defaultValue("drift_reports")
                    .withDescription("Collection of drift reports, one document per report_id.");

    public static final ConfigOption<String> COLLECTION_TRIGGERS =
            ConfigOptions.key(key("mongo.collections.triggers"))
                    .stringType()
                    .defaultValue(DefaultNames.TRIGGERS_COLLECTION)
                    .withDescription("Collection of retrain triggers and their lifecycle.");

    public static final ConfigOption<String> COLLECTION_MODEL_REGISTRY =
            ConfigOptions.key(key("mongo.collections.model-registry"))
                    .stringType()
                    .defaultValue(DefaultNames.MODEL_REGISTRY_COLLECTION)
                    .withDescription(
                            "Model registry; the drift job loads the production references from it at start.");

    public static final ConfigOption<Duration> WINDOW_SIZE =
            ConfigOptions.key(key("drift.window.size"))
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("Event-time window size.");

    public static final ConfigOption<Duration> WINDOW_SLIDE =
            ConfigOptions.key(key("drift.window.slide"))
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Slide of sliding windows (a divisor of the size); unset = tumbling windows.");

    public static final ConfigOption<Duration> ALLOWED_LATENESS =
            ConfigOptions.key(key("drift.window.allowed-lateness"))
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How long after its end a window still takes late events and late"
                                    + " outcomes (its report is then emitted again, same id).");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key(key("drift.watermark.out-of-orderness"))
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("Bounded out-of-orderness of event time.");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key(key("drift.watermark.idleness"))
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without events for this long stops holding back event time.");

    public static final ConfigOption<Integer> BOOTSTRAP_WINDOWS =
            ConfigOptions.key(key("drift.bootstrap-windows"))
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "A model with no published reference learns one from this many windows of its traffic.");

    public static final ConfigOption<String> SEGMENT_KEY =
            ConfigOptions.key(key("drift.segment-key"))
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Segment name (a key of FeedbackEvent.segment) to evaluate drift per model and segment.");

    public static final ConfigOption<Boolean> REBALANCE_FEEDBACK =
            ConfigOptions.key(key("drift.rebalance-feedback"))
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Spread feedback round-robin over the subtasks before the window summaries. The summaries run where the records arrive, so with the topic keyed by model a hot model's partition binds it to one subtask; this spreads it over all of them, at the cost of one shuffle of every event. Not needed when producers key by event id.");

    public static final ConfigOption<String> POSITIVE_LABEL =
            ConfigOptions.key(key("drift.positive-label"))
                    .stringType()
                    .defaultValue("1")
                    .withDescription("The label whose precision, recall and F1 are reported.");

    public static final ConfigOption<Long> MIN_LABELLED =
            ConfigOptions.key(key("drift.min-labelled"))
                    .longType()
                    .defaultValue(30L)
                    .withDescription(
                            "Windows with fewer labelled predictions get no performance verdict.");

    public static final ConfigOption<Boolean> DEAD_LETTER_FEEDBACK =
            ConfigOptions.key(key("drift.dead-letter-feedback"))
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the drift job dead-letters invalid feedback itself; turn off when"
                                    + " the feedback ingest job (which does the same) runs beside it.");

    public static final ConfigOption<List<String>> METRIC_RULES =
            ConfigOptions.key(key("metrics.rules"))
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Threshold rules on metric streams (window mean of a gauge, per-second"
                                    + " rate of a _total counter), e.g. 'model_accuracy<0.9;model_prediction_errors_total>5'.");

    public static final ConfigOption<Integer> METRIC_BASELINE_WINDOWS =
            ConfigOptions.key(key("metrics.baseline-windows"))
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Windows a series needs before its trailing baseline judges it.");

    public static final ConfigOption<Double> METRIC_Z_THRESHOLD =
            ConfigOptions.key(key("metrics.z-threshold"))
                    .doubleType()
                    .defaultValue(6.0)
                    .withDescription(
                            "A series window this many standard deviations from its trailing baseline is an anomaly.");

    public static final ConfigOption<String> CATALOG_PATH =
            ConfigOptions.key(key("catalog.path"))
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The model catalog (models.yaml): per model, how its prediction is read"
                                    + " (a class, or a score with a decision threshold), its"
                                    + " critical features, decision thresholds and retrain"
                                    + " schedule. Validated when the job is submitted; each"
                                    + " subtask re-reads it when it changes, so edits apply"
                                    + " without a restart (retrain schedules: at the next"
                                    + " submission). A path every task manager sees, e.g. a"
                                    + " mounted ConfigMap.");

    public static final ConfigOption<Duration> CATALOG_CHECK_INTERVAL =
            ConfigOptions.key(key("catalog.check-interval"))
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("How often each subtask reads the catalog file again.");

    // ---- the drift decision rule (read when a window is evaluated: a restart from a savepoint
    // with other values judges the next windows by them; the summaries are unchanged)

    private static final DriftDecisionConfig DECISION = DriftDecisionConfig.defaults();

    public static final ConfigOption<Double> DECISION_ALPHA =
            ConfigOptions.key(key("drift.decision.alpha"))
                    .doubleType()
                    .defaultValue(DECISION.alpha())
                    .withDescription(
                            "Significance level of the per-feature tests (KS for numeric, chi-square"
                                    + " for categorical) after the multiple-testing correction,"
                                    + " in (0, 1).");

    public static final ConfigOption<MultipleTestingCorrection> DECISION_CORRECTION =
            ConfigOptions.key(key("drift.decision.correction"))
                    .enumType(MultipleTestingCorrection.class)
                    .defaultValue(DECISION.correction())
                    .withDescription(
                            "Correction of the per-feature p-values across a model's features:"
                                    + " BENJAMINI_HOCHBERG (false discovery rate), BONFERRONI"
                                    + " (family-wise error rate) or NONE.");

    public static final ConfigOption<Double> DECISION_PSI_WARNING =
            ConfigOptions.key(key("drift.decision.psi-warning"))
                    .doubleType()
                    .defaultValue(DECISION.psiWarning())
                    .withDescription(
                            "PSI at which a significant feature is a warning (0 < warning <="
                                    + " drift).");

    public static final ConfigOption<Double> DECISION_PSI_DRIFT =
            ConfigOptions.key(key("drift.decision.psi-drift"))
                    .doubleType()
                    .defaultValue(DECISION.psiDrift())
                    .withDescription("PSI at which a significant feature drifts.");

    public static final ConfigOption<Double> DECISION_JS_DRIFT =
            ConfigOptions.key(key("drift.decision.js-drift"))
                    .doubleType()
                    .defaultValue(DECISION.jsDrift())
                    .withDescription(
                            "Jensen-Shannon distance at which a significant feature drifts, in"
                                    + " (0, 1].");

    public static final ConfigOption<Double> DECISION_WASSERSTEIN_DRIFT =
            ConfigOptions.key(key("drift.decision.wasserstein-drift"))
                    .doubleType()
                    .defaultValue(DECISION.wassersteinDrift())
                    .withDescription(
                            "Wasserstein-1 distance, divided by the reference's interquartile"
                                    + " range, at which a significant numeric feature drifts.");

    public static final ConfigOption<Double> DECISION_DRIFTED_SHARE =
            ConfigOptions.key(key("drift.decision.drifted-share"))
                    .doubleType()
                    .defaultValue(DECISION.driftedShare())
                    .withDescription(
                            "Share of a model's evaluated features that must drift for the model"
                                    + " to drift (fewer make it a warning), in (0, 1].");

    public static final ConfigOption<List<String>> DECISION_CRITICAL_FEATURES =
            ConfigOptions.key(key("drift.decision.critical-features"))
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Features whose drift alone makes the model drift (whatever the share),"
                                    + " e.g. 'income;debt_ratio'. They apply to every model that"
                                    + " has them.");

    public static final ConfigOption<Integer> DECISION_BINS =
            ConfigOptions.key(key("drift.decision.bins"))
                    .intType()
                    .defaultValue(DECISION.bins())
                    .withDescription(
                            "Reference-quantile bins of a numeric feature for PSI and"
                                    + " Jensen-Shannon (at least 2).");

    public static final ConfigOption<Long> DECISION_MIN_WINDOW_COUNT =
            ConfigOptions.key(key("drift.decision.min-window-count"))
                    .longType()
                    .defaultValue(DECISION.minWindowCount())
                    .withDescription(
                            "Non-missing values a feature needs in a window to be evaluated.");

    public static final ConfigOption<Map<String, String>> DECISION_PERFORMANCE_TOLERANCES =
            ConfigOptions.key(key("drift.decision.performance-tolerances"))
                    .mapType()
                    .defaultValue(tolerances(DECISION))
                    .withDescription(
                            "Largest acceptable worsening of a performance metric against the"
                                    + " reference, per metric (accuracy, precision, recall, f1,"
                                    + " macro_precision, macro_recall, macro_f1, mae, rmse), e.g."
                                    + " 'accuracy:0.05,f1:0.1'. An empty map judges no metric.");

    private static Map<String, String> tolerances(DriftDecisionConfig config) {
        Map<String, String> out = new java.util.TreeMap<>();
        config.performanceTolerances()
                .forEach((metric, value) -> out.put(metric.wireName(), Double.toString(value)));
        return out;
    }

    /**
     * The decision rule the options give; a wrong value fails with the option's name and what is
     * allowed.
     */
    public static DriftDecisionConfig decision(ReadableConfig config) {
        Map<PerformanceMetric, Double> tolerances =
                new java.util.EnumMap<>(PerformanceMetric.class);
        config.get(DECISION_PERFORMANCE_TOLERANCES)
                .forEach(
                        (name, value) -> {
                            String option = DECISION_PERFORMANCE_TOLERANCES.key();
                            PerformanceMetric metric;
                            try {
                                metric = PerformanceMetric.fromWireName(name.strip());
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException(option + ": " + e.getMessage());
                            }
                            try {
                                tolerances.put(metric, Double.parseDouble(value.strip()));
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException(
                                        option
                                                + ": the tolerance of "
                                                + name
                                                + " must be a number but was '"
                                                + value
                                                + "'");
                            }
                        });
        try {
            return DriftDecisionConfig.builder()
                    .optAlpha(config.get(DECISION_ALPHA))
                    .optCorrection(config.get(DECISION_CORRECTION))
                    .optPsiThresholds(
                            config.get(DECISION_PSI_WARNING), config.get(DECISION_PSI_DRIFT))
                    .optJsDrift(config.get(DECISION_JS_DRIFT))
                    .optWassersteinDrift(config.get(DECISION_WASSERSTEIN_DRIFT))
                    .optDriftedShare(config.get(DECISION_DRIFTED_SHARE))
                    .optCriticalFeatures(
                            config.get(DECISION_CRITICAL_FEATURES).stream()
                                    .map(String::strip)
                                    .filter(name -> !name.isEmpty())
                                    .collect(java.util.stream.Collectors.toSet()))
                    .optBins(config.get(DECISION_BINS))
                    .optMinWindowCount(config.get(DECISION_MIN_WINDOW_COUNT))
                    .optPerformanceTolerances(tolerances)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("driftline.drift.decision.*: " + e.getMessage(), e);
        }
    }

    public static final ConfigOption<Integer> POLICY_CONSECUTIVE_WINDOWS =
            ConfigOptions.key(key("policy.consecutive-windows"))
                    .intType()
                    .defaultValue(2)
                    .withDescription("Drifted windows in a row before a retrain is triggered.");

    public static final ConfigOption<Long> POLICY_MIN_SAMPLES =
            ConfigOptions.key(key("policy.min-samples"))
                    .longType()
                    .defaultValue(100L)
                    .withDescription(
                            "Windows with fewer events neither count toward nor break a streak.");

    public static final ConfigOption<Duration> POLICY_COOLDOWN =
            ConfigOptions.key(key("policy.cooldown"))
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription("Minimum time between two drift triggers of one model.");

    public static final ConfigOption<Duration> POLICY_PENDING_TIMEOUT =
            ConfigOptions.key(key("policy.pending-timeout"))
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "A trigger with no status for this long no longer blocks new ones.");

    public static final ConfigOption<Boolean> POLICY_DETECTOR_TRIGGERS =
            ConfigOptions.key(key("policy.detector-triggers"))
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "A change detector's drift on a model's error stream (its error rate"
                                    + " rose) raises a retrain trigger at the end of that window,"
                                    + " without waiting for the consecutive drifted windows;"
                                    + " cooldown and dedup apply. Off by default: the trainer"
                                    + " trains on the last training.data-window of feedback, and"
                                    + " an earlier trigger puts more traffic from before the change"
                                    + " into the new version.");

    public static final ConfigOption<Map<String, String>> POLICY_SCHEDULES =
            ConfigOptions.key(key("policy.schedules"))
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Scheduled retrains per model, e.g. 'credit-risk:7 d,churn:24 h'.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key(key("checkpoint-interval"))
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval when the Flink configuration sets none; also"
                                    + " bounds how long exactly-once Kafka output waits to be"
                                    + " visible to read_committed consumers.");

    // ---- retrain watchdog and alerting -------------------------------------------------------

    public static final ConfigOption<String> ALERTMANAGER_URL =
            ConfigOptions.key(key("alertmanager.url"))
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Alertmanager base URL (http://host:9093) the jobs send alerts to;"
                                    + " empty: alerts are upserted into the MongoDB alerts"
                                    + " collection instead.");

    public static final ConfigOption<Duration> ALERTMANAGER_RESEND_INTERVAL =
            ConfigOptions.key(key("alertmanager.resend-interval"))
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How often firing alerts are sent again; keep it well under"
                                    + " Alertmanager's resolve_timeout (5 min by default), which"
                                    + " resolves alerts that are not re-sent.");

    public static final ConfigOption<Duration> ALERTMANAGER_MAX_BACKOFF =
            ConfigOptions.key(key("alertmanager.max-backoff"))
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Longest wait between retries while Alertmanager is unreachable;"
                                    + " alerts stay buffered meanwhile.");

    public static final ConfigOption<String> COLLECTION_ALERTS =
            ConfigOptions.key(key("mongo.collections.alerts"))
                    .stringType()
                    .defaultValue("alerts")
                    .withDescription(
                            "Collection of alerts, one document per fingerprint, used when no"
                                    + " Alertmanager URL is set.");

    public static final ConfigOption<Duration> WATCHDOG_FAILED_ALERT_DURATION =
            ConfigOptions.key(key("watchdog.failed-alert-duration"))
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "AutoRetrainFailed fires for this long after a failed retrain, or"
                                    + " until a later retrain of the model completes.");

    public static final ConfigOption<Duration> WATCHDOG_MAX_RETRAIN_DURATION =
            ConfigOptions.key(key("watchdog.max-retrain-duration"))
                    .durationType()
                    .defaultValue(Duration.ofHours(2))
                    .withDescription(
                            "AutoRetrainLongDuration fires when a trigger has been running this"
                                    + " long since its started_at.");

    public static final ConfigOption<Duration> WATCHDOG_NO_RETRAIN_WITH_DRIFT_AFTER =
            ConfigOptions.key(key("watchdog.no-retrain-with-drift-after"))
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "NoRetrainWithDrift fires when a model drifts and has had no completed"
                                    + " retrain for this long.");

    public static final ConfigOption<String> WATCHDOG_RUNBOOK_BASE_URL =
            ConfigOptions.key(key("watchdog.runbook-base-url"))
                    .stringType()
                    .defaultValue(
                            "https://github.com/driftline/driftline/blob/main/docs/runbooks.md")
                    .withDescription(
                            "Base of the alerts' runbook_url annotation (drift, metric and"
                                    + " watchdog alerts); '#' and the alert name, lower case, are"
                                    + " appended.");

    /** The contract's bounds as configured: payload size, feature count, event-time window. */
    public static EventLimits eventLimits(ReadableConfig config) {
        EventLimits defaults = EventLimits.DEFAULTS;
        return new EventLimits(
                        config.get(MAX_PAYLOAD_BYTES),
                        config.get(MAX_FEATURES),
                        defaults.maxStringLength(),
                        defaults.maxKeyLength(),
                        defaults.maxLabels())
                .withEventTimeWindow(config.get(MAX_EVENT_LEAD), config.get(MAX_EVENT_AGE));
    }

    /**
     * The checkpoint fall-back every job's {@code main} applies: when the Flink configuration
     * enables no checkpointing, checkpoint every {@link #CHECKPOINT_INTERVAL} (exactly-once Kafka
     * output becomes visible on checkpoints, so a job without them would never publish).
     */
    public static void enableCheckpointingIfUnset(
            StreamExecutionEnvironment env, ReadableConfig config) {
        if (env.getCheckpointConfig().getCheckpointInterval() <= 0) {
            env.enableCheckpointing(config.get(CHECKPOINT_INTERVAL).toMillis());
        }
    }

    /**
     * Lets chained operators hand records on without a defensive copy: every record between
     * Driftline's operators is immutable, and its serializers return new objects, so nothing can
     * change a record another operator still holds. (Without it, each record leaving the Kafka
     * source was copied field by field, by reflection, before validation saw it.)
     */
    public static void passRecordsWithoutCopies(StreamExecutionEnvironment env) {
        env.getConfig().enableObjectReuse();
    }
}
