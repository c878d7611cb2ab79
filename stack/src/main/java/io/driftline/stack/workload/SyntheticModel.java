package io.driftline.stack.workload;

import io.driftline.events.FeatureValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic production model and the world it predicts: draws feature vectors, the true outcome,
 * and the deployed model's prediction. Before the drift the deployed model matches the world; after
 * it, two things change at once, as they do in production:
 *
 * <ul>
 *   <li><b>feature shift</b> — the inputs' distribution moves (a numeric feature's mean, a
 *       categorical mix);
 *   <li><b>concept change</b> — the relation between inputs and outcome changes, so the deployed
 *       model's accuracy drops.
 * </ul>
 */
public final class SyntheticModel {

    private final String name;
    private final boolean driftable;

    private SyntheticModel(String name, boolean driftable) {
        this.name = name;
        this.driftable = driftable;
    }

    /** A credit-risk classifier; the drift is injected into this model. */
    public static SyntheticModel creditRisk() {
        return new SyntheticModel("credit-risk", true);
    }

    /** A churn classifier that stays stationary: the control, which must raise no alarm. */
    public static SyntheticModel churn() {
        return new SyntheticModel("churn", false);
    }

    public String name() {
        return name;
    }

    public boolean driftable() {
        return driftable;
    }

    /** One draw: features, the true outcome and the deployed model's prediction and confidence. */
    public Draw draw(SplittableRandom rnd, boolean drifted) {
        return draw(rnd, drifted, false);
    }

    /**
     * One draw, where {@code retrained} says whether serving runs a version trained after the
     * drift: that version has learned the new concept, so its predictions follow the new world.
     */
    public Draw draw(SplittableRandom rnd, boolean drifted, boolean retrained) {
        boolean shifted = drifted && driftable;
        return switch (name) {
            case "credit-risk" -> creditRisk(rnd, shifted, shifted && retrained);
            default -> churn(rnd);
        };
    }

    private static Draw creditRisk(SplittableRandom rnd, boolean drifted, boolean retrained) {
        double income = Math.max(5_000, normal(rnd, drifted ? 72_000 : 52_000, 15_000));
        double age = clamp(normal(rnd, 41, 12), 18, 90);
        double debtRatio = clamp(beta2(rnd, drifted ? 0.55 : 0.35), 0, 1);
        String region =
                pick(
                        rnd,
                        new String[] {"north", "south", "east", "west"},
                        drifted
                                ? new double[] {0.15, 0.15, 0.55, 0.15}
                                : new double[] {0.4, 0.3, 0.2, 0.1});
        String channel =
                pick(rnd, new String[] {"web", "app", "branch"}, new double[] {0.5, 0.4, 0.1});

        // The deployed model: risk rises with debt ratio, falls with income and age.
        double deployed =
                logistic(
                        -1.0
                                + 4.0 * (debtRatio - 0.35)
                                - 0.00004 * (income - 52_000)
                                - 0.02 * (age - 41)
                                + ("branch".equals(channel) ? -0.3 : 0.0));
        // The world: the same before the drift; after it, the income effect has reversed and
        // the east region defaults far more often (a concept change the model has never seen).
        double truth =
                drifted
                        ? logistic(
                                -1.0
                                        + 4.0 * (debtRatio - 0.35)
                                        + 0.00006 * (income - 52_000)
                                        - 0.02 * (age - 41)
                                        + ("east".equals(region) ? 1.2 : 0.0))
                        : deployed;
        if (retrained) {
            deployed = truth; // the new version learned the new concept
        }
        boolean actual = rnd.nextDouble() < truth;
        boolean predicted = deployed >= 0.5;
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        features.put("income", new FeatureValue.Numeric(round(income, 2)));
        features.put("age", new FeatureValue.Numeric(round(age, 1)));
        features.put("debt_ratio", new FeatureValue.Numeric(round(debtRatio, 4)));
        features.put("region", new FeatureValue.Categorical(region));
        features.put("channel", new FeatureValue.Categorical(channel));
        if (rnd.nextDouble() < 0.01) {
            features.put("age", FeatureValue.MISSING); // a little missing data, as in life
        }
        return new Draw(
                features, label(predicted), label(actual), Math.max(deployed, 1 - deployed));
    }

    private static Draw churn(SplittableRandom rnd) {
        double tenure = Math.max(0, normal(rnd, 24, 10));
        double monthlySpend = Math.max(5, normal(rnd, 60, 20));
        double supportCalls = Math.floor(Math.max(0, normal(rnd, 1.5, 1.2)));
        String plan =
                pick(rnd, new String[] {"basic", "plus", "pro"}, new double[] {0.5, 0.35, 0.15});
        double p =
                logistic(
                        -0.5
                                - 0.08 * (tenure - 24)
                                + 0.6 * (supportCalls - 1.5)
                                + ("basic".equals(plan) ? 0.4 : -0.2));
        boolean actual = rnd.nextDouble() < p;
        boolean predicted = p >= 0.5;
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        features.put("tenure_months", new FeatureValue.Numeric(round(tenure, 1)));
        features.put("monthly_spend", new FeatureValue.Numeric(round(monthlySpend, 2)));
        features.put("support_calls", new FeatureValue.Numeric(supportCalls));
        features.put("plan", new FeatureValue.Categorical(plan));
        return new Draw(features, label(predicted), label(actual), Math.max(p, 1 - p));
    }

    private static FeatureValue label(boolean positive) {
        return new FeatureValue.Numeric(positive ? 1 : 0);
    }

    static double normal(SplittableRandom rnd, double mean, double sd) {
        // Box-Muller; one value per call keeps the stream simple to reason about
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A bounded, skewed value in [0,1] with the given mean (mean of two uniforms, stretched). */
    private static double beta2(SplittableRandom rnd, double mean) {
        double u = (rnd.nextDouble() + rnd.nextDouble()) / 2; // triangular on [0,1], mean 0.5
        return clamp(u + (mean - 0.5), 0, 1);
    }

    private static String pick(SplittableRandom rnd, String[] values, double[] probabilities) {
        double u = rnd.nextDouble();
        double acc = 0;
        for (int i = 0; i < values.length; i++) {
            acc += probabilities[i];
            if (u < acc) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    /** One synthetic prediction with its true outcome. */
    public record Draw(
            Map<String, FeatureValue> features,
            FeatureValue prediction,
            FeatureValue actual,
            double confidence) {

        public boolean correct() {
            return prediction.equals(actual);
        }
    }
}
