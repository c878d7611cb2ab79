package io.driftline.stack.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.driftline.connectors.kafka.RawRecordDeserializationSchema;
import io.driftline.connectors.kafka.RawRecordSource;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.window.WindowAccumulator;
import io.driftline.events.DriftReport;
import io.driftline.events.EventDocuments;
import io.driftline.events.EventJson;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ParseResult;
import io.driftline.events.RawRecord;
import io.driftline.events.ReportKind;
import io.driftline.events.Severity;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.drift.DriftDetectionConfig;
import io.driftline.jobs.drift.DriftDetectionJob;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import io.driftline.jobs.ingest.FeedbackIngestJob;
import io.driftline.operators.ingest.EventValidationFunction;
import io.driftline.operators.serialization.EventTypeInfo;
import io.driftline.stack.DriftlineUp;
import io.driftline.stack.StackJobs;
import io.driftline.stack.kafka.EmbeddedKafka;
import io.driftline.stack.mongo.EmbeddedMongo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./driftline bench e2e}: loads feedback into the embedded Kafka broker, then runs on that
 * topic, in this JVM, a consume-only job (the ceiling: Kafka source, byte count) and the real
 * DriftDetectionJob graph with the stack's configuration (checkpoints on, exactly-once Kafka sinks,
 * MongoDB sinks on the embedded MongoDB-protocol server), each bounded to the end of the topic.
 * Prints one line per figure, {@code e2e.<name> <value>}, and the verdicts read back from {@code
 * drift_reports}: how many windows before and after the shift were flagged.
 *
 * <p>A rate is records over the time from the job's first record to the job's end (so the job's
 * start-up is not counted; its final checkpoint and sink commits are). The measured runs follow
 * {@code --warmup} unmeasured runs of each job on the same topic (printed as {@code e2e.cold.*}):
 * the figures are the compiled code's, as on a job that has been running for a while. All runs of
 * the ceiling come first, then all of the drift job's.
 */
@Command(
        name = "e2e",
        mixinStandardHelpOptions = true,
        description = "The drift job's throughput next to the consume-only ceiling, same topic.")
public final class EndToEndBench implements Callable<Integer> {

    @Option(names = "--events", description = "Records to load (default ${DEFAULT-VALUE}).")
    long events = 2_000_000;

    @Option(names = "--models", description = "Models sharing the traffic (${DEFAULT-VALUE}).")
    int models = 8;

    @Option(names = "--parallelism", description = "Job parallelism (${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(
            names = "--partitions",
            description = "Partitions of the feedback topic (default: the parallelism).")
    Integer partitions;

    @Option(names = "--state-backend", description = "hashmap or rocksdb (${DEFAULT-VALUE}).")
    String stateBackend = "hashmap";

    @Option(
            names = "--key",
            description =
                    "Kafka record key: model (the contract's default, one partition per model)"
                            + " or event-id (a model's traffic over every partition).")
    String key = "model";

    @Option(names = "--windows", description = "Event-time windows covered (${DEFAULT-VALUE}).")
    int windows = 40;

    @Option(names = "--window", description = "Window size in seconds (${DEFAULT-VALUE}).")
    int windowSeconds = 60;

    @Option(names = "--rounds", description = "Measured runs of each job (${DEFAULT-VALUE}).")
    int rounds = 1;

    @Option(
            names = "--warmup",
            description =
                    "Unmeasured runs of each job before the measured ones (${DEFAULT-VALUE}): a"
                            + " fresh JVM spends its first runs compiling (on 2 cores the JIT"
                            + " takes about a third of the CPU for two runs of 2 M events), and a"
                            + " job that runs for days runs compiled code. Their rates are printed"
                            + " as e2e.cold.*.")
    int warmup = 2;

    @Option(names = "--skip-ceiling", description = "Run only the drift job.")
    boolean skipCeiling;

    @Option(
            names = "--validate-only",
            description =
                    "Also run source -> validation -> discard (the edge alone), between the"
                            + " ceiling and the drift job.")
    boolean validateOnly;

    @Option(
            names = "--ingest",
            description =
                    "Also run the feedback ingest job (validation, ml_feedback on the embedded"
                            + " MongoDB-protocol store in batches) on the same topic.")
    boolean ingest;

    @Option(
            names = "--suite",
            description =
                    "Run the standard configurations one after the other (8 models on the heap"
                            + " and on RocksDB, one hot model at parallelism 1 and 2, 1,000"
                            + " models) with --events each, and print them as a table.")
    boolean suite;

    @Option(names = "--work-dir", description = "Scratch directory (deleted first).")
    Path workDir = Path.of("target", "bench-e2e");

    public static void main(String[] args) {
        System.exit(new CommandLine(new EndToEndBench()).execute(args));
    }

    /** What one run measured: rates in records/s (NaN when not run) and the verdicts. */
    record Figures(
            double ceiling,
            double driftJob,
            double cpuPerRecord,
            String verdicts,
            boolean verdictsHold) {}

    @Override
    public Integer call() throws Exception {
        if (suite) {
            return suite();
        }
        return run().verdictsHold() ? 0 : 1;
    }

    /** The standard configurations, each on a topic of its own, then one table. */
    private int suite() throws Exception {
        record Row(String name, Figures figures) {}
        List<Row> rows = new ArrayList<>();
        rows.add(
                new Row("8 models, parallelism 2, heap", variant(8, 2, "hashmap", "model", false)));
        rows.add(
                new Row(
                        "8 models, parallelism 2, RocksDB",
                        variant(8, 2, "rocksdb", "model", true)));
        rows.add(
                new Row(
                        "1 model, key = event id, parallelism 1",
                        variant(1, 1, "hashmap", "event-id", false)));
        rows.add(
                new Row(
                        "1 model, key = event id, parallelism 2",
                        variant(1, 2, "hashmap", "event-id", false)));
        rows.add(
                new Row(
                        "1,000 models, parallelism 2, heap",
                        variant(1000, 2, "hashmap", "model", true)));
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "e2e.suite events=%d windows=%dx%ds%n",
                events,
                windows,
                windowSeconds);
        System.out.println(
                "| configuration | ceiling | drift job | ratio | CPU per record | verdicts |");
        System.out.println("|---|---|---|---|---|---|");
        boolean hold = true;
        for (Row row : rows) {
            Figures f = row.figures();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %.2f µs | %s |%n",
                    row.name(),
                    Double.isNaN(f.ceiling())
                            ? "—"
                            : String.format(Locale.ROOT, "%.0f K/s", f.ceiling() / 1e3),
                    String.format(Locale.ROOT, "%.1f K/s", f.driftJob() / 1e3),
                    Double.isNaN(f.ceiling())
                            ? "—"
                            : String.format(Locale.ROOT, "%.2f", f.driftJob() / f.ceiling()),
                    f.cpuPerRecord(),
                    f.verdicts());
            hold &= f.verdictsHold();
        }
        return hold ? 0 : 1;
    }

    private Figures variant(
            int models, int parallelism, String stateBackend, String key, boolean skipCeiling)
            throws Exception {
        EndToEndBench run = new EndToEndBench();
        run.events = events;
        run.models = models;
        run.parallelism = parallelism;
        run.stateBackend = stateBackend;
        run.key = key;
        run.windows = windows;
        run.windowSeconds = windowSeconds;
        run.skipCeiling = skipCeiling;
        run.warmup = warmup;
        run.rounds = rounds;
        run.workDir = workDir.resolve(models + "-" + parallelism + "-" + stateBackend + "-" + key);
        System.out.printf(
                Locale.ROOT,
                "%ne2e.variant models=%d parallelism=%d state_backend=%s key=%s%n",
                models,
                parallelism,
                stateBackend,
                key);
        return run.run();
    }

    private Figures run() throws Exception {
        DriftlineUp.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int feedbackPartitions = partitions == null ? parallelism : partitions;
        Duration window = Duration.ofSeconds(windowSeconds);
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.start(
                                workDir.resolve("kafka"),
                                freePort(),
                                freePort(),
                                EmbeddedKafka.defaultBrokerLib());
                EmbeddedMongo mongo =
                        EmbeddedMongo.start(workDir.resolve("mongo/data.mv"), "127.0.0.1", 0)) {
            Configuration options =
                    StackJobs.options(
                            kafka.bootstrapServers(),
                            mongo.connectionString(),
                            "driftline",
                            null,
                            window);
            DriftDetectionConfig config = DriftDetectionConfig.from(options, Map.of());
            kafka.createTopics(List.of(config.feedbackTopic()), feedbackPartitions);
            kafka.createTopics(
                    List.of(
                            config.modelUpdatesTopic(),
                            config.retrainStatusTopic(),
                            config.metricsTopic(),
                            config.driftReportsTopic(),
                            config.retrainTriggersTopic(),
                            config.deadLetterTopic()),
                    1);

            long span = windows * window.toMillis();
            long now = System.currentTimeMillis();
            long start = Math.floorDiv(now - span - 120_000, window.toMillis()) * window.toMillis();
            BenchWorkload workload = new BenchWorkload(models, start, span, 42);
            long bytes = load(kafka.bootstrapServers(), config.feedbackTopic(), workload);

            System.out.printf(
                    Locale.ROOT,
                    "e2e.setup events=%d models=%d parallelism=%d partitions=%d key=%s"
                            + " state_backend=%s windows=%dx%ds bytes_per_event=%d%n",
                    events,
                    models,
                    parallelism,
                    feedbackPartitions,
                    key,
                    stateBackend,
                    windows,
                    windowSeconds,
                    bytes / Math.max(1, events));
            List<Double> ceilings = new ArrayList<>();
            double ceilingFigure = Double.NaN;
            double driftFigure;
            List<Double> drifts = new ArrayList<>();
            List<Double> cpus = new ArrayList<>();
            // each job's runs back to back: a job run in between would make the other's hot call
            // sites megamorphic again (in one JVM, 2-3 runs of 2 M events more to get back)
            if (!skipCeiling) {
                for (int round = 1; round <= warmup + rounds; round++) {
                    double ceiling = ceiling(config);
                    boolean cold = round <= warmup;
                    if (!cold) {
                        ceilings.add(ceiling);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "e2e.%sceiling %.0f rec/s%n",
                            cold ? "cold." : "",
                            ceiling);
                }
            }
            if (validateOnly) {
                System.out.printf(Locale.ROOT, "e2e.validate_only %.0f rec/s%n", validated(config));
            }
            for (int round = 1; round <= warmup + rounds; round++) {
                double drift = driftJob(options, config);
                if (round <= warmup) {
                    System.out.printf(
                            Locale.ROOT,
                            "e2e.cold.drift_job %.0f rec/s (%.2f µs of CPU per record)%n",
                            drift,
                            cpuPerRecord);
                    continue;
                }
                drifts.add(drift);
                System.out.printf(Locale.ROOT, "e2e.drift_job %.0f rec/s%n", drift);
                cpus.add(cpuPerRecord);
                System.out.printf(
                        Locale.ROOT,
                        "e2e.drift_job.cpu_us_per_record %.2f (this JVM, all threads)%n",
                        cpuPerRecord);
            }
            if (ingest) {
                System.out.printf(
                        Locale.ROOT,
                        "e2e.ingest_job %.0f rec/s (ml_feedback on the embedded store)%n",
                        ingestJob(options));
            }
            driftFigure = median(drifts);
            if (!skipCeiling) {
                ceilingFigure = median(ceilings);
                System.out.printf(Locale.ROOT, "e2e.ratio %.2f%n", driftFigure / ceilingFigure);
            }
            stateSize(workload, window);
            System.out.printf(
                    Locale.ROOT,
                    "e2e.reports_emitted %d (every run, re-emissions for late outcomes included)%n",
                    records(kafka, config.driftReportsTopic()));
            String[] verdicts = new String[1];
            boolean hold = verdicts(mongo.connectionString(), config, workload.shiftAt(), verdicts);
            return new Figures(ceilingFigure, driftFigure, median(cpus), verdicts[0], hold);
        }
    }

    /** Produces the workload's records (key = model); returns the bytes written. */
    private long load(String bootstrapServers, String topic, BenchWorkload workload) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        long begin = System.nanoTime();
        AtomicLong bytes = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            workload.generate(
                    events,
                    event -> {
                        byte[] value = EventJson.toJson(event);
                        bytes.addAndGet(value.length);
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        null,
                                        event.ts(),
                                        ("event-id".equals(key) ? event.eventId() : event.model())
                                                .getBytes(StandardCharsets.UTF_8),
                                        value));
                    });
            producer.flush();
        }
        System.out.printf(
                Locale.ROOT,
                "e2e.load %d records in %.1f s%n",
                events,
                (System.nanoTime() - begin) / 1e9);
        return bytes.get();
    }

    /** The consume-only ceiling: the same source, each record's bytes counted, nothing else. */
    private double ceiling(DriftDetectionConfig config) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromSource(
                        bounded(config, config.feedbackTopic(), true),
                        WatermarkStrategy.noWatermarks(),
                        "feedback")
                .map(record -> (long) record.value().length)
                .returns(TypeInformation.of(Long.class))
                .sinkTo(new DiscardingSink<>());
        return timed(env, "bench-ceiling");
    }

    /** The drift job's edge alone: the source and validation, the valid events discarded. */
    private double validated(DriftDetectionConfig config) throws Exception {
        StreamExecutionEnvironment env = environment();
        DriftlineOptions.passRecordsWithoutCopies(env);
        env.fromSource(
                        bounded(config, config.feedbackTopic(), true),
                        WatermarkStrategy.noWatermarks(),
                        "feedback")
                .process(
                        new EventValidationFunction<>(
                                FeedbackEvent.class, "feedback", config.limits()),
                        EventTypeInfo.of(FeedbackEvent.class))
                .sinkTo(new DiscardingSink<>());
        return timed(env, "bench-validate-only");
    }

    /** The drift job's graph, as the stack builds it, on bounded sources. */
    private double driftJob(Configuration options, DriftDetectionConfig config) throws Exception {
        StreamExecutionEnvironment env = environment();
        DriftlineOptions.enableCheckpointingIfUnset(env, options);
        DriftDetectionJob.Sources production = DriftDetectionJob.sources(config);
        DriftDetectionJob.build(
                env,
                config,
                new DriftDetectionJob.Sources(
                        bounded(config, config.feedbackTopic(), true),
                        bounded(config, config.modelUpdatesTopic(), false),
                        production.registrySnapshot(),
                        bounded(config, config.retrainStatusTopic(), false),
                        bounded(config, config.metricsTopic(), false)),
                DriftDetectionJob.sinks(config));
        return timed(env, DriftDetectionJob.NAME);
    }

    /** The feedback ingest job's graph, as the stack builds it, on the bounded feedback topic. */
    private double ingestJob(Configuration options) throws Exception {
        StreamExecutionEnvironment env = environment();
        DriftlineOptions.enableCheckpointingIfUnset(env, options);
        FeedbackIngestConfig config = FeedbackIngestConfig.from(options, Map.of());
        FeedbackIngestJob.build(
                env,
                config,
                new FeedbackIngestJob.Sources(
                        RawRecordSource.builder(
                                        config.bootstrapServers(),
                                        config.groupId() + "-bench-ingest",
                                        Map.of(),
                                        config.feedbackTopic())
                                .setStartingOffsets(OffsetsInitializer.earliest())
                                .setBounded(OffsetsInitializer.latest())
                                .setDeserializer(new FirstRecordClock())
                                .build()),
                FeedbackIngestJob.sinks(config));
        return timed(env, FeedbackIngestJob.NAME);
    }

    /**
     * The state one window of one model holds per feature: the workload's events of one model in
     * one window summarised as the drift job does, serialized as a checkpoint writes it.
     */
    private void stateSize(BenchWorkload workload, Duration window) {
        WindowAccumulator acc = new WindowAccumulator(SummaryConfig.defaults());
        String model = "model-000";
        long[] first = {Long.MIN_VALUE};
        workload.generate(
                events,
                event -> {
                    if (!event.model().equals(model) || event.prediction() == null) {
                        return;
                    }
                    long start = Math.floorDiv(event.ts(), window.toMillis()) * window.toMillis();
                    if (first[0] == Long.MIN_VALUE) {
                        first[0] = start;
                    }
                    if (start == first[0]) {
                        acc.observe(
                                event.features(),
                                event.prediction(),
                                event.actual(),
                                event.modelVersion());
                    }
                });
        int features = acc.summary().features().size();
        int bytes = acc.toBytes().length;
        System.out.printf(
                Locale.ROOT,
                "e2e.state_per_model_feature %d bytes (one window of %d events of one model: %d"
                        + " bytes for %d features, prediction and label)%n",
                bytes / (features + 2),
                acc.summary().eventCount(),
                bytes,
                features);
    }

    private StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                workDir.resolve("checkpoints").toAbsolutePath().toUri().toString());
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        // a failure ends the run with its cause (a restarted job would wait on and on, and its
        // rate would mean nothing)
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    /** CPU per record of the last timed run, microseconds of this JVM's CPU time. */
    private double cpuPerRecord = Double.NaN;

    private double timed(StreamExecutionEnvironment env, String name) throws Exception {
        FirstRecordClock.reset();
        env.execute(name);
        long end = System.nanoTime();
        long endCpu = processCpuNanos();
        long first = FirstRecordClock.first();
        cpuPerRecord = (endCpu - FirstRecordClock.firstCpu()) / 1e3 / events;
        return events / ((end - first) / 1e9);
    }

    /**
     * This JVM's CPU time (every thread: the job's tasks, Kafka clients, the embedded store, JIT
     * and garbage collection; not the broker's JVM), nanoseconds.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The job's Kafka source (every setting of production) from the start to the end of the topic;
     * the feedback's notes when the first record arrives.
     */
    private static KafkaSource<RawRecord> bounded(
            DriftDetectionConfig config, String topic, boolean clocked) {
        var builder =
                RawRecordSource.builder(
                                config.bootstrapServers(),
                                config.groupId() + "-bench-" + topic,
                                Map.of(),
                                topic)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest());
        if (clocked) {
            builder.setDeserializer(new FirstRecordClock());
        }
        return builder.build();
    }

    private boolean verdicts(
            String mongoUri, DriftDetectionConfig config, long shiftAt, String[] summary) {
        int before = 0;
        int flaggedBefore = 0;
        int after = 0;
        int flaggedAfter = 0;
        int learning = 0;
        try (MongoClient client = MongoClients.create(mongoUri)) {
            for (Document doc :
                    client.getDatabase(config.mongoDatabase())
                            .getCollection(config.driftReportsCollection())
                            .find()
                            // the embedded store answers a cursor in one reply otherwise, over
                            // the driver's 48 MB limit with 1,000 models
                            .batchSize(500)) {
                ParseResult<DriftReport> parsed =
                        EventDocuments.fromDocument(doc, DriftReport.class);
                if (!parsed.isValid() || parsed.value().kind() != ReportKind.FEATURE) {
                    continue;
                }
                DriftReport report = parsed.value();
                if (report.referenceVersion() == null) {
                    learning++;
                    continue;
                }
                boolean flagged = report.severity() != Severity.NONE;
                if (report.windowEnd() <= shiftAt) {
                    before++;
                    flaggedBefore += flagged ? 1 : 0;
                    if (flagged && flaggedBefore <= 3) {
                        System.out.println("e2e.false_alarm " + why(report));
                    }
                } else if (report.windowStart() >= shiftAt) {
                    after++;
                    flaggedAfter += flagged ? 1 : 0;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "e2e.verdicts before_shift_flagged=%d/%d after_shift_flagged=%d/%d"
                        + " learning_windows=%d%n",
                flaggedBefore,
                before,
                flaggedAfter,
                after,
                learning);
        summary[0] =
                String.format(
                        Locale.ROOT,
                        "%d/%d flagged before the shift, %d/%d after",
                        flaggedBefore,
                        before,
                        flaggedAfter,
                        after);
        return flaggedBefore == 0 && flaggedAfter == after && after > 0;
    }

    /** What flagged a report: its drifted features, performance and detector signals. */
    private static String why(DriftReport report) {
        StringBuilder text =
                new StringBuilder(report.model())
                        .append(" window ")
                        .append(report.windowStart())
                        .append(" n=")
                        .append(report.n())
                        .append(" severity=")
                        .append(report.severity());
        for (DriftReport.FeatureDrift feature : report.features()) {
            if (feature.drifted()) {
                text.append(' ').append(feature).append(';');
            }
        }
        if (report.performance() != null) {
            text.append(" performance=").append(report.performance());
        }
        text.append(" detectors=[").append(report.signalsText()).append(']');
        return text.toString();
    }

    /** Records in a topic (its end offsets; transaction markers included). */
    private static long records(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
            for (var partition :
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()) {
                ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            long total = 0;
            for (var end : admin.listOffsets(ends).all().get().values()) {
                total += end.offset();
            }
            return total;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    private final java.util.Set<Integer> portsGiven = new java.util.HashSet<>();

    /** A free port not handed out before (the system may offer a just-freed port again). */
    private int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (portsGiven.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    /**
     * The production deserializer, noting when the first record of a run arrives (the job runs in
     * this JVM).
     */
    static final class FirstRecordClock implements KafkaRecordDeserializationSchema<RawRecord> {

        private static final long serialVersionUID = 1L;
        private static final AtomicLong FIRST = new AtomicLong();
        private static final AtomicLong FIRST_CPU = new AtomicLong();

        private final RawRecordDeserializationSchema delegate =
                new RawRecordDeserializationSchema();

        static void reset() {
            FIRST.set(0);
            FIRST_CPU.set(0);
        }

        /** This JVM's CPU time when the first record arrived, nanoseconds. */
        static long firstCpu() {
            return FIRST_CPU.get();
        }

        static long first() {
            return FIRST.get();
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out)
                throws IOException {
            if (FIRST.get() == 0 && FIRST.compareAndSet(0, System.nanoTime())) {
                FIRST_CPU.set(processCpuNanos());
            }
            delegate.deserialize(record, out);
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return delegate.getProducedType();
        }
    }
}
