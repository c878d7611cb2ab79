package io.driftline.stack;

import com.mongodb.client.MongoClient;
import io.driftline.trainer.registry.ModelRegistry;
import io.driftline.trainer.service.TrainerComponents;
import io.driftline.trainer.service.TrainerConfig;
import io.driftline.trainer.service.TrainerService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training service inside the embedded stack: the same {@link TrainerService} a cluster runs on
 * its own, pointed at the stack's broker and store, with its artifacts and an admin token
 * (generated once, kept in a file readable only by its owner) under the work directory.
 */
final class EmbeddedTrainer implements AutoCloseable {

    private final MongoClient mongo;
    private final TrainerService service;
    private final ModelRegistry registry;
    private final Path tokenFile;
    private final int port;

    private EmbeddedTrainer(
            MongoClient mongo,
            TrainerService service,
            ModelRegistry registry,
            Path tokenFile,
            int port) {
        this.mongo = mongo;
        this.service = service;
        this.registry = registry;
        this.tokenFile = tokenFile;
        this.port = port;
    }

    /**
     * Starts the trainer; it trains on the feedback of the last {@code dataWindow} (the demo keeps
     * this short, so a retrain after a drift learns the drifted traffic).
     */
    static EmbeddedTrainer start(EmbeddedStack stack, Duration dataWindow) throws IOException {
        return start(stack, dataWindow, null);
    }

    /** {@link #start(EmbeddedStack, Duration)} with the model catalog at {@code catalog}. */
    static EmbeddedTrainer start(EmbeddedStack stack, Duration dataWindow, Path catalog)
            throws IOException {
        StackConfig config = stack.config();
        Path dir = config.trainerDir();
        Files.createDirectories(dir);
        Path tokenFile = adminToken(dir.resolve("admin-token"));
        TrainerConfig trainerConfig =
                TrainerConfig.from(
                        Map.of(
                                "kafka.bootstrap-servers",
                                stack.kafka().bootstrapServers(),
                                "mongo.uri",
                                stack.mongo().connectionString(),
                                "mongo.database",
                                config.mongoDatabase(),
                                "http.port",
                                Integer.toString(config.trainerPort()),
                                "http.host",
                                "127.0.0.1",
                                "admin.token-file",
                                tokenFile.toAbsolutePath().toString(),
                                "models.dir",
                                dir.resolve("models").toAbsolutePath().toString(),
                                "training.data-window",
                                Long.toString(dataWindow.toSeconds()),
                                "catalog.path",
                                catalog == null ? "" : catalog.toAbsolutePath().toString()),
                        Map.of());
        MongoClient mongo = TrainerService.mongoClient(trainerConfig.mongoUri());
        try {
            TrainerComponents components =
                    TrainerComponents.create(
                            mongo.getDatabase(trainerConfig.database()),
                            trainerConfig,
                            Clock.systemUTC());
            TrainerService service =
                    TrainerService.create(
                                    trainerConfig,
                                    components.pipeline(),
                                    components.registry(),
                                    Clock.systemUTC())
                            .start();
            return new EmbeddedTrainer(
                    mongo, service, components.registry(), tokenFile, config.trainerPort());
        } catch (IOException | RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    /** Reads the token file, creating it with a random token (owner-only) the first time. */
    private static Path adminToken(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
        }
        return file.toAbsolutePath();
    }

    /**
     * The first version of each model without one, trained from the traffic so far: a manual
     * trigger per model, as {@code ./driftline retrain --model M} would send. Returns the models it
     * asked for.
     */
    List<String> bootstrap(List<String> models) throws Exception {
        List<String> asked = new ArrayList<>();
        for (String model : models) {
            if (registry.production(model).isEmpty()) {
                service.admin().retrain(Optional.of(model), true);
                asked.add(model);
            }
        }
        return asked;
    }

    String url() {
        return "http://localhost:" + port;
    }

    Path tokenFile() {
        return tokenFile;
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            mongo.close();
        }
    }
}
