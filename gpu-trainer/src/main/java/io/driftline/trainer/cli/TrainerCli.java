package io.driftline.trainer.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.driftline.events.EventJson;
import io.driftline.events.ModelPublished;
import io.driftline.events.ParseResult;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.TriggerStatus;
import io.driftline.trainer.admin.TrainerAdmin;
import io.driftline.trainer.claim.TriggerStore;
import io.driftline.trainer.publish.KafkaEventPublisher;
import io.driftline.trainer.service.TrainerComponents;
import io.driftline.trainer.service.TrainerConfig;
import io.driftline.trainer.service.TrainerService;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The operator's command line for the trainer: manual retrains, model versions and rollback,
 * triggers, validating a feedback file, and running the service. It talks to Kafka and MongoDB
 * directly, by default at the embedded stack's addresses.
 *
 * <pre>{@code
 * ./driftline retrain --model credit-risk --force
 * ./driftline models rollback --model credit-risk --version 3
 * ./driftline triggers list --status failed
 * ./driftline feedback validate events.jsonl
 * }</pre>
 */
@Command(
        name = "driftline",
        mixinStandardHelpOptions = true,
        description = "Driftline trainer operations.",
        subcommands = {
            TrainerCli.Retrain.class,
            TrainerCli.Models.class,
            TrainerCli.Triggers.class,
            TrainerCli.Feedback.class,
            TrainerCli.Trainer.class
        })
public final class TrainerCli implements Runnable {

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for {@code main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new TrainerCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * Where Kafka and MongoDB are: flags, else {@code DRIFTLINE_*} environment, else the stack's.
     */
    static final class Connection {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help")
        boolean help;

        @Option(names = "--bootstrap-servers", description = "Kafka (default localhost:9092)")
        String bootstrapServers;

        @Option(
                names = "--mongo-uri",
                description =
                        "MongoDB URI (default $DRIFTLINE_MONGO_URI or mongodb://localhost:27017)")
        String mongoUri;

        @Option(names = "--database", description = "MongoDB database (default driftline)")
        String database;

        @Option(names = "--config", description = "trainer properties file")
        Path config;

        TrainerConfig config() throws Exception {
            Map<String, String> env = new HashMap<>(System.getenv());
            Map<String, String> flags = new LinkedHashMap<>();
            flag(
                    flags,
                    env,
                    "kafka.bootstrap-servers",
                    "DRIFTLINE_KAFKA_BOOTSTRAP_SERVERS",
                    bootstrapServers);
            flag(flags, env, "mongo.uri", "DRIFTLINE_MONGO_URI", mongoUri);
            flag(flags, env, "mongo.database", "DRIFTLINE_MONGO_DATABASE", database);
            Map<String, String> values = new HashMap<>();
            if (config != null) {
                java.util.Properties p = new java.util.Properties();
                try (BufferedReader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
            }
            values.putAll(flags);
            return TrainerConfig.from(values, env);
        }

        private static void flag(
                Map<String, String> flags,
                Map<String, String> env,
                String key,
                String variable,
                String value) {
            if (value != null) {
                flags.put(key, value);
                env.remove(variable); // a flag beats the environment
            }
        }
    }

    /** Clients for one command, closed when it ends. */
    static final class Session implements AutoCloseable {
        final TrainerConfig config;
        final MongoClient mongo;
        final MongoDatabase database;
        private KafkaEventPublisher publisher;

        Session(TrainerConfig config) {
            this.config = config;
            this.mongo = TrainerService.mongoClient(config.mongoUri());
            this.database = mongo.getDatabase(config.database());
        }

        TriggerStore triggers() {
            return new TriggerStore(database.getCollection(config.triggersCollection()));
        }

        KafkaEventPublisher publisher() {
            if (publisher == null) {
                publisher =
                        new KafkaEventPublisher(
                                KafkaEventPublisher.producer(
                                        config.bootstrapServers(), "driftline-cli"),
                                config.triggersTopic(),
                                config.statusTopic(),
                                config.modelUpdatesTopic(),
                                () -> {});
            }
            return publisher;
        }

        TrainerAdmin admin() {
            return new TrainerAdmin(
                    triggers(),
                    TrainerComponents.registry(database, config, Clock.systemUTC()),
                    publisher(),
                    database.getCollection(config.feedbackCollection()),
                    Clock.systemUTC());
        }

        @Override
        public void close() {
            if (publisher != null) {
                publisher.close();
            }
            mongo.close();
        }
    }

    @Command(name = "retrain", description = "Send a manual retrain trigger.")
    static final class Retrain implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @Mixin Connection connection;

        static final class Target {
            @Option(names = "--model", required = true, description = "the model")
            String model;

            @Option(names = "--all", required = true, description = "every known model")
            boolean all;
        }

        @ArgGroup(multiplicity = "1")
        Target target;

        @Option(names = "--force", description = "retrain even while a trigger is active")
        boolean force;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Session s = new Session(connection.config())) {
                List<TrainerAdmin.Requested> requested =
                        s.admin()
                                .retrain(
                                        target.all ? Optional.empty() : Optional.of(target.model),
                                        force);
                for (TrainerAdmin.Requested r : requested) {
                    out.printf(
                            "%-24s %-8s %s (%s)%n",
                            r.model(), r.sent() ? "sent" : "skipped", r.triggerId(), r.detail());
                }
                return 0;
            } catch (TrainerAdmin.ConflictException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("driftline: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "models",
            description = "Model versions.",
            subcommands = {Models.ListVersions.class, Models.Rollback.class})
    static final class Models {

        @Command(name = "list", description = "List models and their versions.")
        static final class ListVersions implements Callable<Integer> {
            @Spec CommandLine.Model.CommandSpec spec;
            @Mixin Connection connection;

            @Option(names = "--model", description = "only this model")
            String model;

            @Override
            public Integer call() throws Exception {
                PrintWriter out = spec.commandLine().getOut();
                try (Session s = new Session(connection.config())) {
                    var registry =
                            TrainerComponents.registry(s.database, s.config, Clock.systemUTC());
                    List<String> models = model != null ? List.of(model) : registry.models();
                    out.printf(
                            "%-24s %7s %-10s %8s  %s%n",
                            "MODEL", "VERSION", "STAGE", "F1", "PUBLISHED");
                    for (String m : models) {
                        for (ModelPublished v : registry.versions(m)) {
                            Double f1 = v.metrics().get("f1");
                            out.printf(
                                    "%-24s %7d %-10s %8s  %s%n",
                                    m,
                                    v.version(),
                                    v.stage().name().toLowerCase(Locale.ROOT),
                                    f1 == null ? "-" : String.format(Locale.ROOT, "%.4f", f1),
                                    Instant.ofEpochMilli(v.publishedAt()));
                        }
                    }
                    return 0;
                }
            }
        }

        @Command(
                name = "rollback",
                description = "Put an earlier version back into production and publish it.")
        static final class Rollback implements Callable<Integer> {
            @Spec CommandLine.Model.CommandSpec spec;
            @Mixin Connection connection;

            @Option(names = "--model", required = true)
            String model;

            @Option(names = "--version", required = true)
            int version;

            @Override
            public Integer call() throws Exception {
                try (Session s = new Session(connection.config())) {
                    ModelPublished restored = s.admin().rollback(model, version);
                    spec.commandLine()
                            .getOut()
                            .printf(
                                    "%s version %d is in production and published%n",
                                    restored.model(), restored.version());
                    return 0;
                } catch (IllegalArgumentException e) {
                    spec.commandLine().getErr().println("driftline: " + e.getMessage());
                    return 1;
                }
            }
        }
    }

    @Command(
            name = "triggers",
            description = "Retrain triggers.",
            subcommands = {Triggers.ListTriggers.class, Triggers.Resolve.class})
    static final class Triggers {

        @Command(name = "list", description = "List triggers, newest first.")
        static final class ListTriggers implements Callable<Integer> {
            @Spec CommandLine.Model.CommandSpec spec;
            @Mixin Connection connection;

            @Option(
                    names = "--status",
                    description =
                            "pending, running, completed, failed, rejected or resolved_manually")
            TriggerStatus status;

            @Option(names = "--limit", defaultValue = "50")
            int limit;

            @Override
            public Integer call() throws Exception {
                PrintWriter out = spec.commandLine().getOut();
                try (Session s = new Session(connection.config())) {
                    out.printf(
                            "%-48s %-18s %-8s %8s %7s  %s%n",
                            "TRIGGER", "STATUS", "REASON", "ATTEMPTS", "VERSION", "ERROR");
                    for (RetrainTrigger t : s.triggers().list(Optional.ofNullable(status), limit)) {
                        out.printf(
                                "%-48s %-18s %-8s %8d %7s  %s%n",
                                t.triggerId(),
                                TriggerStore.wire(t.status()),
                                t.reason().name().toLowerCase(Locale.ROOT),
                                t.attempts(),
                                t.modelVersion() == null ? "-" : t.modelVersion(),
                                t.error() == null ? "" : t.error());
                    }
                    return 0;
                }
            }
        }

        @Command(name = "resolve", description = "Mark a trigger resolved_manually.")
        static final class Resolve implements Callable<Integer> {
            @Spec CommandLine.Model.CommandSpec spec;
            @Mixin Connection connection;

            @Parameters(paramLabel = "ID")
            String id;

            @Override
            public Integer call() throws Exception {
                try (Session s = new Session(connection.config())) {
                    RetrainTrigger t = s.admin().resolve(id);
                    spec.commandLine()
                            .getOut()
                            .printf("%s %s%n", t.triggerId(), TriggerStore.wire(t.status()));
                    return 0;
                } catch (java.util.NoSuchElementException | TrainerAdmin.ConflictException e) {
                    spec.commandLine().getErr().println("driftline: " + e.getMessage());
                    return 1;
                }
            }
        }
    }

    @Command(
            name = "feedback",
            description = "Feedback files.",
            subcommands = Feedback.Validate.class)
    static final class Feedback {

        @Command(
                name = "validate",
                description =
                        "Check a file of FeedbackEvents, one JSON object per line; exit 1 if any is invalid.")
        static final class Validate implements Callable<Integer> {
            @Spec CommandLine.Model.CommandSpec spec;

            @Option(
                    names = {"-h", "--help"},
                    usageHelp = true,
                    description = "show this help")
            boolean help;

            @Parameters(paramLabel = "FILE")
            Path file;

            @Override
            public Integer call() throws Exception {
                PrintWriter out = spec.commandLine().getOut();
                long lines = 0;
                long records = 0;
                long invalid = 0;
                Map<String, Long> byCategory = new java.util.TreeMap<>();
                try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines++;
                        if (line.isBlank()) {
                            continue;
                        }
                        records++;
                        ParseResult<?> parsed =
                                EventJson.parseFeedback(line.getBytes(StandardCharsets.UTF_8));
                        if (!parsed.isValid()) {
                            invalid++;
                            out.printf("line %d: %s%n", lines, parsed.reason());
                            String reason = parsed.reason();
                            int colon = reason.indexOf(':');
                            byCategory.merge(
                                    colon > 0 ? reason.substring(0, colon) : reason, 1L, Long::sum);
                        }
                    }
                }
                out.printf(
                        "%s: %d events, %d valid, %d invalid%n",
                        file, records, records - invalid, invalid);
                byCategory.forEach((k, v) -> out.printf("  %-28s %d%n", k, v));
                return invalid == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "trainer", description = "Run the trainer service (Ctrl-C stops it).")
    static final class Trainer implements Callable<Integer> {
        @Mixin Connection connection;

        @Override
        public Integer call() throws Exception {
            TrainerService.runUntilStopped(connection.config());
            return 0;
        }
    }
}
