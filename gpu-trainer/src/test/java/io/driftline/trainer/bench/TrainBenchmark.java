package io.driftline.trainer.bench;

import ai.djl.Device;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingDevice;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.data.FeedbackStore;
import io.driftline.trainer.data.LoadedFeedback;
import io.driftline.trainer.encoding.FeatureEncoder;
import io.driftline.trainer.encoding.LabelEncoder;
import io.driftline.trainer.encoding.ModelEncoding;
import io.driftline.trainer.model.Examples;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.testing.TestingFeedback;
import io.driftline.trainer.testing.TestingMongo;
import io.driftline.trainer.training.MlpTrainer;
import io.driftline.trainer.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bson.Document;

/**
 * Benchmark of the trainer's data path and training loop: 100,000 feedback rows with 20 features
 * (18 numeric, 2 categorical) in an in-process MongoDB-protocol server (memory backend), read back
 * through {@link FeedbackStore}, encoded, and an MLP classifier trained for 5 epochs on the CPU.
 * Prints {@code train.mlp.100k_x_20 <seconds> s} (read + encode + train) and {@code
 * train.mlp.samples_per_second <n>} (training examples per second over the 5 epochs).
 *
 * <p>Run with {@code ./driftline bench train [rows] [epochs]}.
 */
public final class TrainBenchmark {

    private static final String MODEL = "bench";

    private TrainBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path modelsDir = Files.createTempDirectory("driftline-bench-models");
        try (TestingMongo mongo = new TestingMongo()) {
            var collection = mongo.database("driftline").getCollection("ml_feedback");
            long loadStart = System.nanoTime();
            new TestingFeedback(collection).insert(documents(rows));
            System.err.printf(
                    Locale.ROOT,
                    "loaded %d rows into mongo-java-server in %.1f s%n",
                    rows,
                    (System.nanoTime() - loadStart) / 1e9);

            TrainingSettings settings =
                    TrainingSettings.builder(modelsDir)
                            .optDevice(TrainingDevice.CPU)
                            .optMaxEpochs(epochs)
                            .optEarlyStoppingPatience(epochs)
                            .build();
            Device device = settings.device().resolve();
            // warm the engine (native library load) outside the measurement
            ai.djl.engine.Engine.getInstance();

            long start = System.nanoTime();
            LoadedFeedback loaded =
                    new FeedbackStore(collection)
                            .load(
                                    MODEL,
                                    ModelFamily.MLP_CLASSIFIER,
                                    Long.MIN_VALUE,
                                    Long.MAX_VALUE,
                                    settings.maxRows(),
                                    settings.minFeatures(),
                                    settings.samplingSeed());
            double readSeconds = (System.nanoTime() - start) / 1e9;
            List<io.driftline.trainer.data.FeedbackRow> data = loaded.rows();
            ModelEncoding encoding =
                    ModelEncoding.of(
                            FeatureEncoder.fit(
                                    data, settings.maxCategories(), settings.hashBuckets()),
                            LabelEncoder.classes(List.of("no", "yes")));
            Examples all = Examples.of(ModelFamily.MLP_CLASSIFIER, data, encoding, 0, 0);
            int validation = all.count() / 10;
            double encodeSeconds = (System.nanoTime() - start) / 1e9 - readSeconds;
            TrainingResult result =
                    new MlpTrainer(settings, Clock.systemUTC())
                            .train(
                                    MODEL,
                                    ModelFamily.MLP_CLASSIFIER,
                                    encoding,
                                    all.slice(0, all.count() - validation),
                                    all.slice(all.count() - validation, all.count()),
                                    device,
                                    TrainingProgress.NONE,
                                    data.size());
            double total = (System.nanoTime() - start) / 1e9;
            try (var model = result.model()) {
                System.err.printf(
                        Locale.ROOT,
                        "read %d rows %.2f s, encode %.2f s, train %d epochs %.2f s, validation"
                                + " accuracy %.4f%n",
                        data.size(),
                        readSeconds,
                        encodeSeconds,
                        result.epochs(),
                        result.seconds(),
                        result.validationMetric());
            }
            System.out.printf(Locale.ROOT, "train.mlp.100k_x_20 %.2f s%n", total);
            System.out.printf(
                    Locale.ROOT, "train.mlp.samples_per_second %.0f%n", result.samplesPerSecond());
        } finally {
            try (var paths = Files.walk(modelsDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Rows with 18 gaussian numerics and 2 categoricals; the label is a noisy linear rule. */
    private static List<Document> documents(int rows) {
        SplittableRandom random = new SplittableRandom(42);
        String[] regions = {"eu", "us", "apac", "latam"};
        List<Document> docs = new ArrayList<>(rows);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < rows; i++) {
            Map<String, Object> features = new LinkedHashMap<>();
            double score = 0;
            for (int f = 0; f < 18; f++) {
                double x = gaussian(random);
                features.put("f" + f, x);
                score += (f % 3 == 0 ? 1 : -0.5) * x;
            }
            String region = regions[random.nextInt(regions.length)];
            features.put("region", region);
            features.put("plan", "p" + random.nextInt(8));
            score += region.equals("eu") ? 1 : 0;
            String label = score + 0.5 * gaussian(random) > 0 ? "yes" : "no";
            docs.add(TestingFeedback.document("e" + i, MODEL, t0 + i * 100L, features, label));
        }
        return docs;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
