package io.driftline.stack;

import io.driftline.core.alert.DriftAlertRules;
import io.driftline.events.DriftReport;
import io.driftline.events.EventJson;
import io.driftline.events.ModelPublished;
import io.driftline.events.ParseResult;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the loop's story on the console as it happens: every window's drift report (one line, with
 * the statistics that fired), each retrain trigger with its evidence, the trainer's status
 * transitions, and each model version published — read from the topics, like any other consumer.
 */
final class StoryPrinter implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoryPrinter.class);

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Severity already told per report id: a window re-evaluated after late outcomes is told again
     * only when its verdict changed.
     */
    private final Map<String, Severity> toldReports =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Severity> eldest) {
                    return size() > 10_000;
                }
            };

    StoryPrinter(String bootstrapServers, PrintStream out) {
        this.out = out;
        this.consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                                ConsumerConfig.GROUP_ID_CONFIG, "driftline-stack-story"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        consumer.subscribe(
                List.of(
                        StackConfig.TOPIC_DRIFT_REPORTS,
                        StackConfig.TOPIC_RETRAIN_TRIGGERS,
                        StackConfig.TOPIC_RETRAIN_STATUS,
                        StackConfig.TOPIC_MODEL_UPDATES));
        this.thread = new Thread(this, "driftline-story");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        String line = describe(r.topic(), r.value());
                        if (line != null && r.topic().equals(StackConfig.TOPIC_DRIFT_REPORTS)) {
                            line = unlessRepeated(line, r.value());
                        }
                        if (line != null) {
                            synchronized (out) {
                                out.println(line);
                                out.flush();
                            }
                        }
                    } catch (RuntimeException e) {
                        // one odd record must not silence the story
                        LOG.warn("Could not tell record {} of {}", r.offset(), r.topic(), e);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * A report line, unless its window was told already with the same verdict; {@code line} was
     * made from {@code value}, which therefore parses.
     */
    private String unlessRepeated(String line, byte[] value) {
        DriftReport report = EventJson.parseDriftReport(value).value();
        Severity before = toldReports.put(report.reportId(), report.severity());
        if (before == report.severity()) {
            return null; // the same verdict again after late outcomes
        }
        return before == null ? line : line + " [updated after late outcomes]";
    }

    static String describe(String topic, byte[] value) {
        String now = "[" + TIME.format(Instant.now()) + "] ";
        switch (topic) {
            case StackConfig.TOPIC_DRIFT_REPORTS -> {
                ParseResult<DriftReport> r = EventJson.parseDriftReport(value);
                if (!r.isValid()) {
                    return null;
                }
                DriftReport report = r.value();
                if (report.isMetricReport()) {
                    // metric windows are told only when a series is anomalous
                    return report.severity() == Severity.NONE ? null : now + metrics(report);
                }
                return now + report(report);
            }
            case StackConfig.TOPIC_RETRAIN_TRIGGERS -> {
                ParseResult<RetrainTrigger> t = EventJson.parseRetrainTrigger(value);
                return t.isValid() ? now + trigger(t.value()) : null;
            }
            case StackConfig.TOPIC_RETRAIN_STATUS -> {
                ParseResult<RetrainStatus> s = EventJson.parseRetrainStatus(value);
                if (!s.isValid()) {
                    return null;
                }
                RetrainStatus st = s.value();
                return now
                        + String.format(
                                Locale.ROOT,
                                "retrain %s: %s -> %s%s%s",
                                st.triggerId(),
                                lower(st.from()),
                                lower(st.to()),
                                st.modelVersion() == null ? "" : ", version " + st.modelVersion(),
                                st.error() == null ? "" : " (" + st.error() + ")");
            }
            case StackConfig.TOPIC_MODEL_UPDATES -> {
                ParseResult<ModelPublished> m =
                        EventJson.parseModelPublished(
                                value, io.driftline.events.EventLimits.DEFAULTS);
                if (!m.isValid()) {
                    return null;
                }
                ModelPublished p = m.value();
                return now
                        + String.format(
                                Locale.ROOT,
                                "%s version %d published (%s), metrics %s; the drift job swaps in its reference",
                                p.model(),
                                p.version(),
                                lower(p.stage()),
                                DriftAlertRules.formatValues(
                                        p.metrics(),
                                        List.of("accuracy", "f1", "mae", "champion_accuracy")));
            }
            default -> {
                return null;
            }
        }
    }

    static String metrics(DriftReport r) {
        String series = r.signalsText();
        return String.format(
                Locale.ROOT,
                "metric anomaly %-11s %s-%s %s%s",
                r.model(),
                TIME.format(Instant.ofEpochMilli(r.windowStart())),
                TIME.format(Instant.ofEpochMilli(r.windowEnd())),
                series,
                r.performance() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; %s=%.3f against the rule's %.3f",
                                r.performance().metric(),
                                r.performance().value(),
                                r.performance().baseline()));
    }

    static String report(DriftReport r) {
        String window =
                TIME.format(Instant.ofEpochMilli(r.windowStart()))
                        + "-"
                        + TIME.format(Instant.ofEpochMilli(r.windowEnd()));
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "drift report %-11s %s n=%-5d %-7s",
                                r.model(),
                                window,
                                r.n(),
                                lower(r.severity())));
        if (r.referenceVersion() == null) {
            line.append(" (learning the reference from this traffic)");
            return line.toString();
        }
        line.append(" ref=").append(r.referenceVersion());
        String drifted =
                r.features().stream()
                        .filter(f -> f.drifted() && !f.feature().startsWith("__"))
                        .sorted(Comparator.comparing(DriftReport.FeatureDrift::feature))
                        .map(f -> f.feature() + stat(f))
                        .collect(Collectors.joining(", "));
        if (!drifted.isEmpty()) {
            line.append(" drifted: ").append(drifted);
        }
        if (r.performance() != null) {
            line.append(
                    String.format(
                            Locale.ROOT,
                            " %s=%.3f (baseline %.3f)",
                            r.performance().metric(),
                            r.performance().value(),
                            r.performance().baseline()));
        }
        DriftReport.SchemaDrift schema = r.schemaDrift();
        if (schema != null && schema.severity() != io.driftline.events.Severity.NONE) {
            List<String> parts = new java.util.ArrayList<>();
            schema.kindChanges().forEach((f, n) -> parts.add(f + " changed kind x" + n));
            schema.missingFeatures().forEach(f -> parts.add(f + " missing"));
            schema.newFeatures().forEach(f -> parts.add(f + " new"));
            schema.unseenCategories().forEach((f, n) -> parts.add(f + " unseen categories x" + n));
            line.append(" schema ")
                    .append(lower(schema.severity()))
                    .append(": ")
                    .append(String.join(", ", parts));
        }
        return line.toString();
    }

    private static String stat(DriftReport.FeatureDrift f) {
        Double psi = f.statistics().get("psi");
        return psi == null ? "" : String.format(Locale.ROOT, " (psi %.2f)", psi);
    }

    static String trigger(RetrainTrigger t) {
        return String.format(
                Locale.ROOT,
                "RETRAIN TRIGGER %s: model %s, reason %s — %s",
                t.triggerId(),
                t.model(),
                lower(t.reason()),
                t.evidence().summary());
    }

    private static String lower(Enum<?> e) {
        return e == null ? "new" : e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
