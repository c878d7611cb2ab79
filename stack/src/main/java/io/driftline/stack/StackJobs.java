package io.driftline.stack;

import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.drift.DriftDetectionConfig;
import io.driftline.jobs.drift.DriftDetectionJob;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import io.driftline.jobs.ingest.FeedbackIngestJob;
import io.driftline.jobs.watchdog.RetrainWatchdogConfig;
import io.driftline.jobs.watchdog.RetrainWatchdogJob;
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
        Configuration options = new Configuration();
        options.set(DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS, stack.kafka().bootstrapServers());
        options.set(DriftlineOptions.MONGO_URI, stack.mongo().connectionString());
        options.set(DriftlineOptions.MONGO_DATABASE, stack.config().mongoDatabase());
        stack.alertmanager()
                .ifPresent(am -> options.set(DriftlineOptions.ALERTMANAGER_URL, am.url()));
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

    public static JobID submitIngest(EmbeddedStack stack, Configuration options) throws Exception {
        FeedbackIngestConfig config = FeedbackIngestConfig.from(options, Map.of());
        StreamExecutionEnvironment env = stack.flink().newEnvironment(FeedbackIngestJob.NAME);
        FeedbackIngestJob.build(
                env,
                config.limits(),
                config.feedbackTopic(),
                FeedbackIngestJob.source(config),
                FeedbackIngestJob.feedbackSink(config),
                FeedbackIngestJob.deadLetterSink(config));
        return stack.flink().submit(env, FeedbackIngestJob.NAME);
    }

    public static JobID submitDrift(EmbeddedStack stack, Configuration options) throws Exception {
        DriftDetectionConfig config = DriftDetectionConfig.from(options, Map.of());
        StreamExecutionEnvironment env = stack.flink().newEnvironment(DriftDetectionJob.NAME);
        DriftDetectionJob.build(
                env, config, DriftDetectionJob.sources(config), DriftDetectionJob.sinks(config));
        return stack.flink().submit(env, DriftDetectionJob.NAME);
    }

    public static JobID submitWatchdog(EmbeddedStack stack, Configuration options)
            throws Exception {
        RetrainWatchdogConfig config = RetrainWatchdogConfig.from(options, Map.of());
        StreamExecutionEnvironment env = stack.flink().newEnvironment(RetrainWatchdogJob.NAME);
        RetrainWatchdogJob.build(
                env,
                config,
                RetrainWatchdogJob.source(config),
                RetrainWatchdogJob.alertSink(config),
                RetrainWatchdogJob.deadLetterSink(config));
        return stack.flink().submit(env, RetrainWatchdogJob.NAME);
    }
}
