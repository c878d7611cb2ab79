package io.driftline.trainer.service;

import io.driftline.events.DefaultNames;

/**
 * The trainer's configuration keys, their defaults and meaning: the single source of truth for
 * {@link TrainerConfig} and the README's option table. Every key can be overridden from the
 * environment as {@code DRIFTLINE_} + the key upper-cased with {@code .} and {@code -} as {@code _}
 * (e.g. {@code mongo.uri} → {@code DRIFTLINE_MONGO_URI}).
 */
public enum TrainerOption {
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap-servers", "localhost:9092", "Kafka bootstrap servers"),
    KAFKA_GROUP_ID(
            "kafka.group-id",
            "driftline-trainer",
            "consumer group of the trainers; more trainers in the group = more throughput"),
    TOPIC_RETRAIN_TRIGGERS(
            "topics.retrain-triggers",
            DefaultNames.RETRAIN_TRIGGERS_TOPIC,
            "RetrainTriggers to consume"),
    TOPIC_RETRAIN_STATUS(
            "topics.retrain-status",
            DefaultNames.RETRAIN_STATUS_TOPIC,
            "every trigger transition, as RetrainStatus"),
    TOPIC_MODEL_UPDATES(
            "topics.model-updates",
            DefaultNames.MODEL_UPDATES_TOPIC,
            "ModelPublished for every promoted or rolled-back version (key = model)"),
    MONGO_URI(
            "mongo.uri",
            "mongodb://localhost:27017",
            "MongoDB URI; with credentials set DRIFTLINE_MONGO_URI in the environment instead"),
    MONGO_DATABASE("mongo.database", "driftline", "MongoDB database"),
    COLLECTION_FEEDBACK(
            "mongo.collections.feedback",
            DefaultNames.FEEDBACK_COLLECTION,
            "feedback the ingest job writes and the trainer trains on (the jobs'"
                    + " driftline.mongo.collections.feedback)"),
    COLLECTION_TRIGGERS(
            "mongo.collections.triggers",
            DefaultNames.TRIGGERS_COLLECTION,
            "retrain triggers the drift job writes and the trainer claims (the jobs'"
                    + " driftline.mongo.collections.triggers)"),
    COLLECTION_MODEL_REGISTRY(
            "mongo.collections.model-registry",
            DefaultNames.MODEL_REGISTRY_COLLECTION,
            "the model registry the trainer writes and the drift job reads at start (the jobs'"
                    + " driftline.mongo.collections.model-registry)"),
    TRAINER_ID("trainer.id", "", "this trainer's id in claims; empty = hostname-pid"),
    LEASE_DURATION(
            "trainer.lease-duration",
            "PT60S",
            "how long a claim holds without renewal; an expired claim can be taken over"),
    LEASE_RENEWAL("trainer.lease-renewal", "PT20S", "how often a held claim is renewed"),
    MAX_ATTEMPTS(
            "trainer.max-attempts",
            "3",
            "attempts for a retryable failure before the trigger is failed"),
    RETRY_BACKOFF(
            "trainer.retry-backoff", "PT5S", "wait before the second attempt; doubles each time"),
    RETRY_BACKOFF_MAX("trainer.retry-backoff-max", "PT5M", "longest wait between attempts"),
    SWEEP_INTERVAL(
            "trainer.sweep-interval",
            "PT30S",
            "how often an idle trainer looks for expired claims and stale pending triggers"),
    HTTP_PORT("http.port", "8090", "port of /health, /metrics and /admin/ (0 = any free port)"),
    HTTP_HOST("http.host", "0.0.0.0", "address the HTTP server binds to"),
    ADMIN_TOKEN_FILE(
            "admin.token-file",
            "",
            "file holding the admin bearer token; DRIFTLINE_ADMIN_TOKEN takes precedence; without"
                    + " either the admin endpoints answer 401"),
    MODELS_DIR("models.dir", "var/models", "where model artifacts are written"),
    TRAINING_DATA_WINDOW(
            "training.data-window",
            "",
            "train on the feedback of this last period (e.g. PT2M, or seconds); empty = everything"
                    + " since the data of the production version"),
    CATALOG_PATH(
            "catalog.path",
            "",
            "the model catalog (models.yaml) the drift job reads too: the family of each listed"
                    + " model (read when the trainer starts); empty = every model is an"
                    + " mlp-classifier");

    private final String key;
    private final String defaultValue;
    private final String description;

    TrainerOption(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable that overrides this option. */
    public String environmentVariable() {
        return "DRIFTLINE_"
                + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
