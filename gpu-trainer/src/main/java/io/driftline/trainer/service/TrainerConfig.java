package io.driftline.trainer.service;

import io.driftline.trainer.core.RetryPolicy;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The trainer service's validated, immutable configuration: a properties file (keys in {@link
 * TrainerOption}), overridden by {@code DRIFTLINE_*} environment variables. The admin token is a
 * secret and comes only from {@code DRIFTLINE_ADMIN_TOKEN} or the file named by {@code
 * admin.token-file}, never from the properties themselves.
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.load(Path.of("trainer.properties"), System.getenv());
 * TrainerConfig inProcess = TrainerConfig.from(Map.of("http.port", "0"), Map.of());
 * }</pre>
 */
public record TrainerConfig(
        String bootstrapServers,
        String groupId,
        String triggersTopic,
        String statusTopic,
        String modelUpdatesTopic,
        String mongoUri,
        String database,
        String feedbackCollection,
        String triggersCollection,
        String registryCollection,
        String trainerId,
        Duration leaseDuration,
        Duration leaseRenewal,
        int maxAttempts,
        Duration retryBackoff,
        Duration retryBackoffMax,
        Duration sweepInterval,
        String httpHost,
        int httpPort,
        Optional<String> adminToken,
        Path modelsDir,
        Optional<Duration> trainingDataWindow,
        Optional<Path> catalog) {

    /** The environment variable that holds the admin token. */
    public static final String ADMIN_TOKEN_ENV = "DRIFTLINE_ADMIN_TOKEN";

    private static final Set<String> KEYS =
            Arrays.stream(TrainerOption.values())
                    .map(TrainerOption::key)
                    .collect(Collectors.toUnmodifiableSet());

    public TrainerConfig {
        Objects.requireNonNull(adminToken, "adminToken");
        checkArgument(!bootstrapServers.isBlank(), "kafka.bootstrap-servers must not be empty");
        checkArgument(!mongoUri.isBlank(), "mongo.uri must not be empty");
        checkArgument(!database.isBlank(), "mongo.database must not be empty");
        checkArgument(!trainerId.isBlank(), "trainer.id must not be blank");
        checkArgument(
                !leaseDuration.isNegative() && !leaseDuration.isZero(),
                "trainer.lease-duration must be positive, got %s",
                leaseDuration);
        checkArgument(
                !leaseRenewal.isNegative()
                        && !leaseRenewal.isZero()
                        && leaseRenewal.compareTo(leaseDuration) < 0,
                "trainer.lease-renewal (%s) must be positive and shorter than"
                        + " trainer.lease-duration (%s), or a claim expires between renewals",
                leaseRenewal,
                leaseDuration);
        checkArgument(maxAttempts >= 1, "trainer.max-attempts must be >= 1, got %s", maxAttempts);
        checkArgument(
                !retryBackoff.isNegative() && retryBackoffMax.compareTo(retryBackoff) >= 0,
                "trainer.retry-backoff (%s) must be >= 0 and <= trainer.retry-backoff-max (%s)",
                retryBackoff,
                retryBackoffMax);
        checkArgument(
                !sweepInterval.isNegative() && !sweepInterval.isZero(),
                "trainer.sweep-interval must be positive, got %s",
                sweepInterval);
        checkArgument(
                httpPort >= 0 && httpPort <= 65535, "http.port must be 0..65535, got %s", httpPort);
        adminToken.ifPresent(t -> checkArgument(!t.isBlank(), "the admin token must not be blank"));
    }

    /** Reads {@code file} (may be null: defaults only) and applies the environment overrides. */
    public static TrainerConfig load(Path file, Map<String, String> env) throws IOException {
        Map<String, String> values = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        }
        return from(values, env);
    }

    /**
     * Builds the configuration from {@code values} (keys of {@link TrainerOption}) overridden by
     * {@code env}.
     *
     * @throws IllegalArgumentException on an unknown key, an admin token among the values, or a
     *     value that does not parse; the message names the key
     */
    public static TrainerConfig from(Map<String, String> values, Map<String, String> env) {
        for (String key : values.keySet()) {
            if (key.equals("admin.token")) {
                throw new IllegalArgumentException(
                        "admin.token is a secret and is not read from configuration: set "
                                + ADMIN_TOKEN_ENV
                                + " or admin.token-file");
            }
            checkArgument(
                    KEYS.contains(key),
                    "unknown trainer option '%s' (known: %s)",
                    key,
                    KEYS.stream().sorted().collect(Collectors.joining(", ")));
        }
        Map<TrainerOption, String> v = new HashMap<>();
        for (TrainerOption option : TrainerOption.values()) {
            String value = values.getOrDefault(option.key(), option.defaultValue());
            String override = env.get(option.environmentVariable());
            v.put(option, (override != null ? override : value).trim());
        }
        String trainerId = v.get(TrainerOption.TRAINER_ID);
        return new TrainerConfig(
                v.get(TrainerOption.KAFKA_BOOTSTRAP_SERVERS),
                v.get(TrainerOption.KAFKA_GROUP_ID),
                v.get(TrainerOption.TOPIC_RETRAIN_TRIGGERS),
                v.get(TrainerOption.TOPIC_RETRAIN_STATUS),
                v.get(TrainerOption.TOPIC_MODEL_UPDATES),
                v.get(TrainerOption.MONGO_URI),
                v.get(TrainerOption.MONGO_DATABASE),
                v.get(TrainerOption.COLLECTION_FEEDBACK),
                v.get(TrainerOption.COLLECTION_TRIGGERS),
                v.get(TrainerOption.COLLECTION_MODEL_REGISTRY),
                trainerId.isEmpty() ? defaultTrainerId() : trainerId,
                duration(v, TrainerOption.LEASE_DURATION),
                duration(v, TrainerOption.LEASE_RENEWAL),
                integer(v, TrainerOption.MAX_ATTEMPTS),
                duration(v, TrainerOption.RETRY_BACKOFF),
                duration(v, TrainerOption.RETRY_BACKOFF_MAX),
                duration(v, TrainerOption.SWEEP_INTERVAL),
                v.get(TrainerOption.HTTP_HOST),
                integer(v, TrainerOption.HTTP_PORT),
                adminToken(env, v.get(TrainerOption.ADMIN_TOKEN_FILE)),
                Path.of(v.get(TrainerOption.MODELS_DIR)),
                v.get(TrainerOption.TRAINING_DATA_WINDOW).isEmpty()
                        ? Optional.empty()
                        : Optional.of(duration(v, TrainerOption.TRAINING_DATA_WINDOW)),
                v.get(TrainerOption.CATALOG_PATH).isEmpty()
                        ? Optional.empty()
                        : Optional.of(Path.of(v.get(TrainerOption.CATALOG_PATH))));
    }

    /** {@code hostname-pid}, unique per process on a host. */
    public static String defaultTrainerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static Optional<String> adminToken(Map<String, String> env, String tokenFile) {
        String fromEnv = env.get(ADMIN_TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.trim());
        }
        if (tokenFile.isEmpty()) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).trim();
            checkArgument(!token.isEmpty(), "admin.token-file %s is empty", tokenFile);
            return Optional.of(token);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "admin.token-file " + tokenFile + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Duration duration(Map<TrainerOption, String> v, TrainerOption option) {
        String text = v.get(option);
        try {
            return Duration.parse(text.matches("\\d+") ? "PT" + text + "S" : text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option.key()
                            + " must be a duration (ISO-8601 such as PT60S, or seconds), got '"
                            + text
                            + "'",
                    e);
        }
    }

    private static int integer(Map<TrainerOption, String> v, TrainerOption option) {
        try {
            return Integer.parseInt(v.get(option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option.key() + " must be an integer, got '" + v.get(option) + "'", e);
        }
    }

    private static void checkArgument(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(message, args));
        }
    }

    /**
     * How a retrain that failed in a retryable way is retried: {@code trainer.max-attempts},
     * waiting {@code trainer.retry-backoff} doubling up to {@code trainer.retry-backoff-max}.
     */
    public RetryPolicy retryPolicy() {
        return RetryPolicy.exponential(maxAttempts, retryBackoff, retryBackoffMax);
    }

    /** Never prints the admin token. */
    @Override
    public String toString() {
        return "TrainerConfig[bootstrapServers="
                + bootstrapServers
                + ", groupId="
                + groupId
                + ", topics="
                + triggersTopic
                + "/"
                + statusTopic
                + "/"
                + modelUpdatesTopic
                + ", database="
                + database
                + ", trainerId="
                + trainerId
                + ", lease="
                + leaseDuration
                + "/"
                + leaseRenewal
                + ", maxAttempts="
                + maxAttempts
                + ", http="
                + httpHost
                + ":"
                + httpPort
                + ", adminToken="
                + (adminToken.isPresent() ? "<set>" : "<none>")
                + ", modelsDir="
                + modelsDir
                + "]";
    }
}
