package io.driftline.stack;

import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.drift.DriftDetectionConfig;
import io.driftline.jobs.drift.DriftDetectionJob;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import io.driftline.jobs.ingest.FeedbackIngestJob;
import io.driftline.jobs.watchdog.RetrainWatchdogConfig;
import io.driftline.jobs.watchdog.RetrainWatchdogJob;
import io.driftline.stack.alerting.EmbeddedAlertmanager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The three jobs exactly as {@code ./driftline up} configures and submits them to the embedded
 * cluster; tests that must run "what the user runs" use the same code.
 */
public final class StackJobs {

    /** Windows a model learns its reference from, when no version of it is published yet. */
    public static final int BOOTSTRAP_WINDOWS = 3;

    private StackJobs() {}

    /** The options every job of the stack shares: the embedded addresses and the demo's pace. */
    public static Configuration options(EmbeddedStack stack, Duration window) {
        return options(
                stack.kafka().bootstrapServers(),
                stack.mongo().connectionString(),
                stack.config().mongoDatabase(),
                stack.alertmanager().map(EmbeddedAlertmanager::url).orElse(null),
                window);
    }

    /**
     * The stack's options for the given addresses; {@code alertmanagerUrl} may be null (alerts go
     * to MongoDB). Tests that run the jobs on infrastructure of their own start from these.
     */
    public static Configuration options(
            String bootstrapServers,
            String mongoUri,
            String mongoDatabase,
            String alertmanagerUrl,
            Duration window) {
        Configuration options = new Configuration();
        options.set(DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        options.set(DriftlineOptions.MONGO_URI, mongoUri);
        options.set(DriftlineOptions.MONGO_DATABASE, mongoDatabase);
        if (alertmanagerUrl != null) {
            options.set(DriftlineOptions.ALERTMANAGER_URL, alertmanagerUrl);
        }
        options.set(DriftlineOptions.WINDOW_SIZE, window);
        options.set(DriftlineOptions.ALLOWED_LATENESS, window.dividedBy(2));
        options.set(DriftlineOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(2));
        options.set(DriftlineOptions.IDLENESS, Duration.ofSeconds(10));
        options.set(DriftlineOptions.BOOTSTRAP_WINDOWS, BOOTSTRAP_WINDOWS);
        // the ingest job dead-letters invalid feedback; the drift job need not do it twice
        options.set(DriftlineOptions.DEAD_LETTER_FEEDBACK, false);
        // the workload's accuracy gauge: below 0.6 is an anomaly (it runs near 0.7 before the
        // drift)
        options.set(DriftlineOptions.METRIC_RULES, List.of("model_accuracy<0.6"));
        return options;
    }

    /** Builds the feedback ingest job into {@code env}, as {@link FeedbackIngestJob#main} does. */
    public static void buildIngest(StreamExecutionEnvironment env, Configuration options) {
        FeedbackIngestConfig config = FeedbackIngestConfig.from(options, Map.of());
        FeedbackIngestJob.build(
                env, config, FeedbackIngestJob.sources(config), FeedbackIngestJob.sinks(config));
    }

    /** Builds the drift detection job into {@code env}, as {@link DriftDetectionJob#main} does. */
    public static void buildDrift(StreamExecutionEnvironment env, Configuration options) {
        DriftDetectionConfig config = DriftDetectionConfig.from(options, Map.of());
        DriftDetectionJob.build(
                env, config, DriftDetectionJob.sources(config), DriftDetectionJob.sinks(config));
    }

    /**
     * Builds the retrain watchdog job into {@code env}, as {@link RetrainWatchdogJob#main} does.
     */
    public static void buildWatchdog(StreamExecutionEnvironment env, Configuration options) {
        RetrainWatchdogConfig config = RetrainWatchdogConfig.from(options, Map.of());
        RetrainWatchdogJob.build(
                env, config, RetrainWatchdogJob.sources(config), RetrainWatchdogJob.sinks(config));
    }

    public static JobID submitIngest(EmbeddedStack stack, Configuration options) throws Exception {
        StreamExecutionEnvironment env = stack.flink().newEnvironment(FeedbackIngestJob.NAME);
        buildIngest(env, options);
        return stack.flink().submit(env, FeedbackIngestJob.NAME);
    }

    public static JobID submitDrift(EmbeddedStack stack, Configuration options) throws Exception {
        StreamExecutionEnvironment env = stack.flink().newEnvironment(DriftDetectionJob.NAME);
        buildDrift(env, options);
        return stack.flink().submit(env, DriftDetectionJob.NAME);
    }

    public static JobID submitWatchdog(EmbeddedStack stack, Configuration options)
            throws Exception {
        StreamExecutionEnvironment env = stack.flink().newEnvironment(RetrainWatchdogJob.NAME);
        buildWatchdog(env, options);
        return stack.flink().submit(env, RetrainWatchdogJob.NAME);
    }
}
