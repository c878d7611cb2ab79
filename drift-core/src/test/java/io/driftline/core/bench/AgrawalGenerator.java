package io.driftline.core.bench;

import java.util.SplittableRandom;

/**
 * Loan applicants in the manner of Agrawal, Imielinski and Swami ("Database Mining: A Performance
 * Perspective", IEEE TKDE 1993): nine attributes (salary, commission, age, education level, car,
 * zip code, house value, years owned, loan) drawn as in the paper, labelled by four of its ten
 * classification functions (1, 2, 3 and 5) as the four concepts, with 5 % label noise.
 */
final class AgrawalGenerator implements ConceptGenerator {

    private static final int SALARY = 0;
    private static final int COMMISSION = 1;
    private static final int AGE = 2;
    private static final int ELEVEL = 3;
    private static final int CAR = 4;
    private static final int ZIPCODE = 5;
    private static final int HVALUE = 6;
    private static final int HYEARS = 7;
    private static final int LOAN = 8;
    private static final double[] MIN = {20_000, 0, 20, 0, 1, 0, 0, 1, 0};
    private static final double[] MAX = {150_000, 75_000, 80, 4, 20, 8, 1_350_000, 30, 500_000};
    private static final int[] FUNCTIONS = {1, 2, 3, 5};
    private static final double NOISE = 0.05;

    @Override
    public String name() {
        return "agrawal";
    }

    @Override
    public int features() {
        return 9;
    }

    @Override
    public double min(int i) {
        return MIN[i];
    }

    @Override
    public double max(int i) {
        return MAX[i];
    }

    @Override
    public int concepts() {
        return FUNCTIONS.length;
    }

    @Override
    public int next(double[] x, int concept, SplittableRandom random) {
        x[SALARY] = uniform(random, 20_000, 150_000);
        x[COMMISSION] = x[SALARY] >= 75_000 ? 0.0 : uniform(random, 10_000, 75_000);
        x[AGE] = random.nextInt(20, 81);
        x[ELEVEL] = random.nextInt(0, 5);
        x[CAR] = random.nextInt(1, 21);
        x[ZIPCODE] = random.nextInt(0, 9);
        x[HVALUE] = (9 - x[ZIPCODE]) * 100_000 * (0.5 + random.nextDouble());
        x[HYEARS] = random.nextInt(1, 31);
        x[LOAN] = uniform(random, 0, 500_000);
        int label = function(FUNCTIONS[concept % FUNCTIONS.length], x) ? 1 : 0;
        return random.nextDouble() < NOISE ? 1 - label : label;
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    private static boolean function(int f, double[] x) {
        double age = x[AGE];
        double salary = x[SALARY];
        double elevel = x[ELEVEL];
        double loan = x[LOAN];
        switch (f) {
            case 1:
                return age < 40 || age >= 60;
            case 2:
                if (age < 40) {
                    return between(salary, 50_000, 100_000);
                }
                if (age < 60) {
                    return between(salary, 75_000, 125_000);
                }
                return between(salary, 25_000, 75_000);
            case 3:
                if (age < 40) {
                    return between(elevel, 0, 1);
                }
                if (age < 60) {
                    return between(elevel, 1, 3);
                }
                return between(elevel, 2, 4);
            case 5:
                if (age < 40) {
                    return between(salary, 50_000, 100_000)
                            ? between(loan, 100_000, 300_000)
                            : between(loan, 200_000, 400_000);
                }
                if (age < 60) {
                    return between(salary, 75_000, 125_000)
                            ? between(loan, 200_000, 400_000)
                            : between(loan, 300_000, 500_000);
                }
                return between(salary, 25_000, 75_000)
                        ? between(loan, 300_000, 500_000)
                        : between(loan, 100_000, 300_000);
            default:
                throw new IllegalArgumentException("Unknown Agrawal function " + f);
        }
    }

    private static boolean between(double v, double low, double high) {
        return v >= low && v <= high;
    }
}
