package io.driftline.trainer.core;

import io.driftline.events.DefaultNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a retrain run (the DJL pipeline) is configured by: where artifacts go, which device
 * and model family, how much data, how to train, the gate and the registry; immutable, validated by
 * {@link Builder#build()}.
 *
 * <pre>{@code
 * TrainingSettings settings = TrainingSettings.builder(Path.of("var/models"))
 *         .optFamily("credit-risk", ModelFamily.MLP_CLASSIFIER)
 *         .optMaxEpochs(30)
 *         .optDataWindow(Duration.ofDays(7))
 *         .build();
 * }</pre>
 *
 * @param modelsDir artifacts go to {@code modelsDir/{model}/{version}/}
 * @param device where training runs
 * @param defaultFamily the family of models not named in {@code families}
 * @param families model name to family
 * @param maxRows most rows read; reservoir-sampled (uniformly, seeded) above it
 * @param minRows fewest valid rows a retrain accepts
 * @param minFeatures fewest non-missing features a valid row has
 * @param dataWindow how far back to read feedback; null = since the last trained version's data
 * @param holdoutFraction share of rows (the newest) held out for the gate
 * @param validationFraction share of the training rows (their newest) used for early stopping
 * @param batchSize rows per optimizer step
 * @param maxEpochs most passes over the training rows
 * @param learningRate Adam's learning rate
 * @param earlyStoppingPatience epochs without a better validation loss before stopping
 * @param trainingTimeout longest a training may take, checked between batches
 * @param gateTolerance how much worse than the champion a candidate may be and still be promoted
 * @param keepLastVersions versions whose artifacts are kept (production is always kept)
 * @param hiddenUnits widths of the MLPs' hidden layers
 * @param maxCategories largest vocabulary one-hot encoded; above it, features are hashed
 * @param hashBuckets buckets of a hashed categorical feature
 * @param forecastWindow past rows a forecaster sees
 * @param forecastHorizon future values a forecaster predicts
 * @param samplingSeed seed of the reservoir sampling, the shuffling and the weights
 * @param feedbackCollection MongoDB collection of the feedback rows
 * @param registryCollection MongoDB collection of the model registry
 */
public record TrainingSettings(
        Path modelsDir,
        TrainingDevice device,
        ModelFamily defaultFamily,
        Map<String, ModelFamily> families,
        int maxRows,
        int minRows,
        int minFeatures,
        Duration dataWindow,
        double holdoutFraction,
        double validationFraction,
        int batchSize,
        int maxEpochs,
        float learningRate,
        int earlyStoppingPatience,
        Duration trainingTimeout,
        double gateTolerance,
        int keepLastVersions,
        List<Integer> hiddenUnits,
        int maxCategories,
        int hashBuckets,
        int forecastWindow,
        int forecastHorizon,
        long samplingSeed,
        String feedbackCollection,
        String registryCollection) {

    public TrainingSettings {
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(defaultFamily, "defaultFamily");
        families = Map.copyOf(families);
        hiddenUnits = List.copyOf(hiddenUnits);
    }

    /** The defaults with artifacts under {@code modelsDir}. */
    public static TrainingSettings defaults(Path modelsDir) {
        return builder(modelsDir).build();
    }

    /** A builder holding the defaults. */
    public static Builder builder(Path modelsDir) {
        return new Builder(modelsDir);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(modelsDir);
        b.device = device;
        b.defaultFamily = defaultFamily;
        b.families.putAll(families);
        b.maxRows = maxRows;
        b.minRows = minRows;
        b.minFeatures = minFeatures;
        b.dataWindow = dataWindow;
        b.holdoutFraction = holdoutFraction;
        b.validationFraction = validationFraction;
        b.batchSize = batchSize;
        b.maxEpochs = maxEpochs;
        b.learningRate = learningRate;
        b.earlyStoppingPatience = earlyStoppingPatience;
        b.trainingTimeout = trainingTimeout;
        b.gateTolerance = gateTolerance;
        b.keepLastVersions = keepLastVersions;
        b.hiddenUnits = hiddenUnits;
        b.maxCategories = maxCategories;
        b.hashBuckets = hashBuckets;
        b.forecastWindow = forecastWindow;
        b.forecastHorizon = forecastHorizon;
        b.samplingSeed = samplingSeed;
        b.feedbackCollection = feedbackCollection;
        b.registryCollection = registryCollection;
        return b;
    }

    /** The family of {@code model}. */
    public ModelFamily familyOf(String model) {
        return families.getOrDefault(model, defaultFamily);
    }

    /** Builds {@link TrainingSettings}; every {@code optX} has a default, see the record. */
    public static final class Builder {
        private final Path modelsDir;
        private TrainingDevice device = TrainingDevice.AUTO;
        private ModelFamily defaultFamily = ModelFamily.MLP_CLASSIFIER;
        private final Map<String, ModelFamily> families = new LinkedHashMap<>();
        private int maxRows = 1_000_000;
        private int minRows = 200;
        private int minFeatures = 1;
        private Duration dataWindow;
        private double holdoutFraction = 0.2;
        private double validationFraction = 0.1;
        private int batchSize = 256;
        private int maxEpochs = 20;
        private float learningRate = 1e-3f;
        private int earlyStoppingPatience = 3;
        private Duration trainingTimeout = Duration.ofHours(1);
        private double gateTolerance = 0.01;
        private int keepLastVersions = 10;
        private List<Integer> hiddenUnits = List.of(64, 32);
        private int maxCategories = 50;
        private int hashBuckets = 64;
        private int forecastWindow = 12;
        private int forecastHorizon = 3;
        private long samplingSeed = 42;
        private String feedbackCollection = DefaultNames.FEEDBACK_COLLECTION;
        private String registryCollection = DefaultNames.MODEL_REGISTRY_COLLECTION;

        private Builder(Path modelsDir) {
            this.modelsDir = modelsDir;
        }

        public Builder optDevice(TrainingDevice device) {
            this.device = device;
            return this;
        }

        public Builder optDefaultFamily(ModelFamily family) {
            this.defaultFamily = family;
            return this;
        }

        public Builder optFamily(String model, ModelFamily family) {
            this.families.put(Objects.requireNonNull(model, "model"), family);
            return this;
        }

        public Builder optMaxRows(int maxRows) {
            this.maxRows = maxRows;
            return this;
        }

        public Builder optMinRows(int minRows) {
            this.minRows = minRows;
            return this;
        }

        public Builder optMinFeatures(int minFeatures) {
            this.minFeatures = minFeatures;
            return this;
        }

        /** How far back to read; {@code null} = since the data of the last trained version. */
        public Builder optDataWindow(Duration dataWindow) {
            this.dataWindow = dataWindow;
            return this;
        }

        public Builder optHoldoutFraction(double holdoutFraction) {
            this.holdoutFraction = holdoutFraction;
            return this;
        }

        public Builder optValidationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optMaxEpochs(int maxEpochs) {
            this.maxEpochs = maxEpochs;
            return this;
        }

        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optEarlyStoppingPatience(int patience) {
            this.earlyStoppingPatience = patience;
            return this;
        }

        public Builder optTrainingTimeout(Duration timeout) {
            this.trainingTimeout = timeout;
            return this;
        }

        public Builder optGateTolerance(double tolerance) {
            this.gateTolerance = tolerance;
            return this;
        }

        public Builder optKeepLastVersions(int keep) {
            this.keepLastVersions = keep;
            return this;
        }

        public Builder optHiddenUnits(List<Integer> hiddenUnits) {
            this.hiddenUnits = hiddenUnits;
            return this;
        }

        public Builder optMaxCategories(int maxCategories) {
            this.maxCategories = maxCategories;
            return this;
        }

        public Builder optHashBuckets(int hashBuckets) {
            this.hashBuckets = hashBuckets;
            return this;
        }

        public Builder optForecastWindow(int window) {
            this.forecastWindow = window;
            return this;
        }

        public Builder optForecastHorizon(int horizon) {
            this.forecastHorizon = horizon;
            return this;
        }

        public Builder optSamplingSeed(long seed) {
            this.samplingSeed = seed;
            return this;
        }

        public Builder optFeedbackCollection(String name) {
            this.feedbackCollection = name;
            return this;
        }

        public Builder optRegistryCollection(String name) {
            this.registryCollection = name;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException saying which value is wrong and what would be right
         */
        public TrainingSettings build() {
            check(modelsDir != null, "modelsDir is required: pass the directory for artifacts");
            check(device != null, "device must not be null: use AUTO, CPU or GPU");
            check(defaultFamily != null, "defaultFamily must not be null: e.g. MLP_CLASSIFIER");
            families.forEach(
                    (m, f) -> check(f != null, "family of model %s must not be null: pick one", m));
            check(minRows >= 1, "minRows must be >= 1, got %s", minRows);
            check(
                    maxRows >= minRows,
                    "maxRows (%s) must be >= minRows (%s): raise maxRows or lower minRows",
                    maxRows,
                    minRows);
            check(minFeatures >= 0, "minFeatures must be >= 0, got %s", minFeatures);
            check(
                    dataWindow == null || (!dataWindow.isNegative() && !dataWindow.isZero()),
                    "dataWindow must be positive, or null for 'since the last version', got %s",
                    dataWindow);
            check(
                    holdoutFraction > 0 && holdoutFraction < 1,
                    "holdoutFraction must be in (0, 1), e.g. 0.2, got %s",
                    holdoutFraction);
            check(
                    validationFraction > 0 && validationFraction < 1,
                    "validationFraction must be in (0, 1), e.g. 0.1, got %s",
                    validationFraction);
            check(batchSize >= 1, "batchSize must be >= 1, e.g. 256, got %s", batchSize);
            check(maxEpochs >= 1, "maxEpochs must be >= 1, got %s", maxEpochs);
            check(
                    learningRate > 0 && Float.isFinite(learningRate),
                    "learningRate must be a positive number, e.g. 0.001, got %s",
                    learningRate);
            check(
                    earlyStoppingPatience >= 1,
                    "earlyStoppingPatience must be >= 1 epoch, got %s",
                    earlyStoppingPatience);
            check(
                    trainingTimeout != null
                            && !trainingTimeout.isNegative()
                            && !trainingTimeout.isZero(),
                    "trainingTimeout must be positive, e.g. PT1H, got %s",
                    trainingTimeout);
            check(
                    gateTolerance >= 0 && Double.isFinite(gateTolerance),
                    "gateTolerance must be >= 0, e.g. 0.01, got %s",
                    gateTolerance);
            check(
                    keepLastVersions >= 1,
                    "keepLastVersions must be >= 1 (production is always kept), got %s",
                    keepLastVersions);
            check(
                    hiddenUnits != null
                            && !hiddenUnits.isEmpty()
                            && hiddenUnits.stream().allMatch(u -> u != null && u >= 1),
                    "hiddenUnits must be a non-empty list of positive widths, e.g. [64, 32], got"
                            + " %s",
                    hiddenUnits);
            check(maxCategories >= 1, "maxCategories must be >= 1, got %s", maxCategories);
            check(hashBuckets >= 1, "hashBuckets must be >= 1, got %s", hashBuckets);
            check(forecastWindow >= 1, "forecastWindow must be >= 1 row, got %s", forecastWindow);
            check(
                    forecastHorizon >= 1,
                    "forecastHorizon must be >= 1 value, got %s",
                    forecastHorizon);
            check(
                    feedbackCollection != null && !feedbackCollection.isBlank(),
                    "feedbackCollection must be a collection name, e.g. ml_feedback");
            check(
                    registryCollection != null && !registryCollection.isBlank(),
                    "registryCollection must be a collection name, e.g. model_registry");
            return new TrainingSettings(
                    modelsDir,
                    device,
                    defaultFamily,
                    families,
                    maxRows,
                    minRows,
                    minFeatures,
                    dataWindow,
                    holdoutFraction,
                    validationFraction,
                    batchSize,
                    maxEpochs,
                    learningRate,
                    earlyStoppingPatience,
                    trainingTimeout,
                    gateTolerance,
                    keepLastVersions,
                    hiddenUnits,
                    maxCategories,
                    hashBuckets,
                    forecastWindow,
                    forecastHorizon,
                    samplingSeed,
                    feedbackCollection,
                    registryCollection);
        }

        private static void check(boolean ok, String message, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(message, args));
            }
        }
    }
}
