package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edge cases of the byte scanner behind {@link FeedbackFastPath}: what it reads itself must come
 * out as the tree decoder's event, what it leaves to the tree must be left (null).
 */
class FeedbackScannerTest {

    private static final EventLimits LIMITS = EventLimits.DEFAULTS;

    /** The throughput workload's shape, as the benchmark and the load generator write it. */
    private static final String WORKLOAD =
            "{\"schema\":1,\"event_id\":\"5eed0000-0000-4000-8000-000000000000\",\"model\":"
                    + "\"model-000\",\"model_version\":\"1\",\"ts\":1796692677843,\"features\":{"
                    + "\"feature_00\":-0.9373,\"feature_01\":-0.3652,\"feature_02\":1.0042,"
                    + "\"feature_03\":0.1234,\"feature_04\":-2.5,\"feature_05\":12.345678901234567,"
                    + "\"feature_06\":0.30000000000000004,\"feature_07\":-7.0E-5,"
                    + "\"feature_08\":1.7976931348623157E308,\"feature_09\":3.9311,"
                    + "\"channel\":\"web\"},\"prediction\":0.0,\"confidence_score\":0.73,"
                    + "\"actual\":null,\"segment\":{}}";

    private static FeedbackEvent fast(String json) {
        return FeedbackFastPath.decode(bytes(json), LIMITS);
    }

    private static ParseResult<FeedbackEvent> tree(String json) {
        return EventJson.parseTree(bytes(json), FeedbackEvent.class, LIMITS);
    }

    /** The scanner reads {@code json} itself, as the same event as the tree decoder. */
    private static FeedbackEvent assertFast(String json) {
        FeedbackEvent fast = fast(json);
        ParseResult<FeedbackEvent> tree = tree(json);
        assertThat(tree.isValid()).as("tree: %s for %s", tree, json).isTrue();
        assertThat(fast).as(json).isNotNull().isEqualTo(tree.value());
        return fast;
    }

    /** The scanner leaves {@code json} to the tree decoder. */
    private static void assertLeftToTree(String json) {
        assertThat(fast(json)).as(json).isNull();
    }

    /** A payload with one feature {@code x} of the given JSON value. */
    private static String withFeature(String value) {
        return "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":1,\"features\":{\"x\":"
                + value
                + "},\"prediction\":1}";
    }

    /** {@code json} with one more member at its end. */
    private static String plus(String json, String member) {
        return json.substring(0, json.length() - 1) + "," + member + "}";
    }

    /** Either both accept {@code json} as the same event, or both refuse it. */
    private static void assertSameAsTree(String json) {
        if (tree(json).isValid()) {
            assertFast(json);
        } else {
            assertLeftToTree(json);
        }
    }

    private static double feature(FeedbackEvent event) {
        return ((FeatureValue.Numeric) event.features().get("x")).value();
    }

    @Test
    void theWorkloadsShapeTakesTheFastPath() {
        FeedbackEvent event = assertFast(WORKLOAD);
        assertThat(event.features()).hasSize(11);
        assertThat(event.features().keySet()).startsWith("feature_00", "feature_01");
        assertThat(event.features().get("channel")).isEqualTo(new FeatureValue.Categorical("web"));
        // the same through the public entry point: a valid result without the tree
        assertThat(EventJson.parseFeedback(bytes(WORKLOAD)).value()).isEqualTo(event);
    }

    @Test
    void whitespaceAnywhereJsonAllowsIt() {
        assertFast(
                " \t\r\n{ \"event_id\" :\t\"e\" ,\n\"model\":\r\"m\" , \"ts\" : 5 ,\"features\" : {"
                        + " \"a\" : 1 , \"b\" : \"x\" } , \"segment\" : { \"r\" : \"eu\" } ,"
                        + " \"prediction\" : null , \"actual\" : 0 } \n\t ");
        assertFast("{\"event_id\":\"e\",\"model\":\"m\",\"ts\":5,\"features\":{},\"actual\":0}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-0.0",
                "-0",
                "0",
                "0.0",
                "-0e0",
                "1e-7",
                "1E+2",
                "1e2",
                "1.5e-3",
                "-2.5E-300",
                "123456789012345678",
                "-123456789012345678",
                "1234567890123456789",
                "12345678901234567890123",
                "9007199254740993",
                "9007199254740993.0",
                "0.30000000000000004",
                "12.345678901234567",
                "0.1",
                "0.2",
                "1e23",
                "8.41e21",
                "2.2250738585072014E-308",
                "2.2250738585072011E-308",
                "4.9E-324",
                "5e-324",
                "1.7976931348623157E308",
                "1.7976931348623158e308",
                "0.000001234567890123456",
                "1.00000000000000011102230246251565404236316680908203125",
                "7.3177701707893310e+15",
                "1e-400",
                "100000000000000000000000.0"
            })
    void numbersAreTheTreesDoublesBitForBit(String number) {
        FeedbackEvent event = assertFast(withFeature(number));
        FeedbackEvent tree = tree(withFeature(number)).value();
        assertThat(Double.doubleToRawLongBits(feature(event)))
                .isEqualTo(Double.doubleToRawLongBits(feature(tree)));
        assertThat(Double.doubleToRawLongBits(feature(event)))
                .as("an integer token is a long or a BigInteger: -0 is 0.0")
                .isEqualTo(
                        Double.doubleToRawLongBits(
                                number.equals("-0") ? 0.0 : Double.parseDouble(number)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "01",
                "-01",
                "00",
                "1.",
                ".5",
                "+1",
                "-",
                "--1",
                "1e",
                "1e+",
                "1.e5",
                "NaN",
                "Infinity",
                "-Infinity",
                "1e400",
                "-1e999",
                "1x",
                "0x10",
                "1 2",
                "true",
                "[1]",
                "{}",
                "\"a\" \"b\""
            })
    void malformedOrUnsupportedNumbersAreLeftToTheTree(String number) {
        assertLeftToTree(withFeature(number));
        assertThat(tree(withFeature(number)).isValid()).isFalse();
    }

    @Test
    void integersMustBeIntegerTokensThatFitALong() {
        String base = "{\"event_id\":\"e\",\"model\":\"m\",\"actual\":1,";
        assertThat(assertFast(base + "\"ts\":-0}").ts()).isZero();
        assertThat(assertFast(base + "\"ts\":253402300799999}").ts())
                .isEqualTo(EventDecoder.MAX_TIMESTAMP);
        for (String ts :
                List.of("1.0", "1e3", "-1", "253402300800000", "123456789012345678901", "01")) {
            assertLeftToTree(base + "\"ts\":" + ts + "}");
            assertThat(tree(base + "\"ts\":" + ts + "}").isValid()).isFalse();
        }
        for (String schema : List.of("1.0", "1e0", "01", "2", "-1", "\"1\"")) {
            assertLeftToTree(base + "\"ts\":1,\"schema\":" + schema + "}");
        }
        assertFast(base + "\"ts\":1,\"schema\":1}");
    }

    @Test
    void escapesAreDecodedAsTheParserDecodesThem() {
        assertThat(
                        assertFast(
                                        "{\"event_id\":\"e\\u0031\\/\",\"model\":\"m\\u002d1\",\"ts\":1,"
                                                + "\"model_version\":\"\\t\\\"\\\\\\b\\f\\n\\r\","
                                                + "\"features\":{\"\\u00e9\\uD83D\\ude00\":\"a\\\"b\"},"
                                                + "\"prediction\":1,\"segment\":{\"s\":\"\\u0001\"}}")
                                .modelVersion())
                .isEqualTo("\t\"\\\b\f\n\r");
        for (String json :
                List.of(
                        withFeature("\"a\\\"b\""),
                        withFeature("\"\\n\""),
                        withFeature("\"\\u0000\""),
                        withFeature("\"\\ud800\""),
                        withFeature("\"\\udc00x\""),
                        withFeature("\"\\u007f\""),
                        withFeature("\"\\u00G0\""),
                        withFeature("\"\\u00\""),
                        withFeature("\"\\x\""),
                        withFeature("\"\\\""),
                        withFeature("\"\\'\""),
                        withFeature("1").replace("\"x\"", "\"a\\u002eb\""),
                        withFeature("1").replace("\"x\"", "\"\\u0024x\""),
                        withFeature("1").replace("\"m\"", "\"\\u002e\""),
                        withFeature("1").replace("\"e\"", "\"\\u0000\""))) {
            assertSameAsTree(json);
        }
        // an escaped field name is decoded by the tree only
        String escapedName = "{\"event_id\":\"e\",\"model\":\"m\",\"t\\u0073\":1,\"actual\":1}";
        assertLeftToTree(escapedName);
        assertThat(tree(escapedName).isValid()).isTrue();
    }

    @Test
    void rawControlCharactersAndTrailingContentAreLeftToTheTree() {
        for (String json :
                List.of(
                        withFeature("\"a\tb\""),
                        withFeature("\"a\nb\""),
                        withFeature("1") + "x",
                        withFeature("1") + "{}",
                        withFeature("1") + ",",
                        withFeature("1").replace("1}", "1,}"),
                        withFeature("1").substring(0, withFeature("1").length() - 1),
                        "{\"event_id\":\"e\",,\"model\":\"m\",\"ts\":1,\"actual\":1}",
                        "{\"event_id\":\"e\" \"model\":\"m\",\"ts\":1,\"actual\":1}",
                        "[" + withFeature("1") + "]")) {
            assertLeftToTree(json);
            assertThat(tree(json).isValid()).as(json).isFalse();
        }
    }

    @Test
    void nonAsciiTextIsDecodedAndCheckedLikeTheTrees() {
        assertFast(withFeature("\"é\""));
        assertFast(withFeature("\"日本語 😀\""));
        assertFast(
                "{\"event_id\":\"é-1\",\"model\":\"m\",\"model_version\":\"版本\",\"ts\":1,"
                        + "\"features\":{\"größe\":1,\"😀\":\"ü\"},\"prediction\":1,"
                        + "\"segment\":{\"région\":\"Île\",\"d\":\"a\u007fb\u0085c\"}}");
        // ISO control characters outside ASCII's and DEL: not in a category, nor in a name
        for (String json :
                List.of(
                        withFeature("\"a\u0085\""),
                        withFeature("\"a\u007f\""),
                        withFeature("\"\u009f\""),
                        "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":1,\"features\":{\"a\u0085\":1},"
                                + "\"prediction\":1}",
                        "{\"event_id\":\"e\",\"model\":\"mé\",\"ts\":1,\"actual\":1}")) {
            assertLeftToTree(json);
            assertThat(tree(json).isValid()).as(json).isFalse();
        }
    }

    @Test
    void keyRulesAndLimitsHold() {
        for (String json :
                List.of(
                        withFeature("1").replace("\"x\"", "\"a.b\""),
                        withFeature("1").replace("\"x\"", "\"$x\""),
                        withFeature("1").replace("\"x\"", "\"\""),
                        withFeature("1").replace("\"x\":1", "\"x\":1,\"x\":2"),
                        withFeature("1").replace("\"ts\":1", "\"ts\":1,\"ts\":1"),
                        withFeature("1").replace("\"prediction\":1", "\"prediction\":true"),
                        plus(withFeature("1"), "\"segment\":{\"a\":null}"),
                        plus(withFeature("1"), "\"segment\":{\"a\":\"b\",\"a\":\"c\"}"),
                        plus(withFeature("1"), "\"segment\":{\"a\":1}"),
                        plus(withFeature("1"), "\"confidence_score\":1.5"),
                        plus(withFeature("1"), "\"confidence_score\":-0.1"),
                        plus(withFeature("1"), "\"confidence_score\":\"0.5\""),
                        plus(withFeature("1"), "\"model_version\":1"),
                        plus(withFeature("1"), "\"features\":{}"),
                        withFeature("1").replace("\"m\"", "\"..\""),
                        withFeature("1").replace("\"e\"", "\"\""),
                        withFeature("1").replace("\"e\"", "\"" + "i".repeat(257) + "\""),
                        withFeature("1").replace("\"x\"", "\"" + "k".repeat(257) + "\""),
                        withFeature("\"" + "v".repeat(4097) + "\""))) {
            assertLeftToTree(json);
            assertThat(tree(json).isValid()).as(json).isFalse();
        }
        assertFast(plus(withFeature("1"), "\"confidence_score\":-0.0"));
        assertFast(plus(withFeature("1"), "\"confidence_score\":1"));
        assertFast(withFeature("\"" + "v".repeat(4096) + "\""));
        assertFast(withFeature("1").replace("\"e\"", "\"" + "i".repeat(256) + "\""));
        assertFast(withFeature("1").replace("\"x\"", "\"" + "k".repeat(256) + "\""));
        // an invalid key cached as a name does not make the same text invalid as a value
        assertLeftToTree(withFeature("1").replace("\"x\"", "\"a.b\""));
        assertFast(withFeature("\"a.b\""));
        assertLeftToTree(withFeature("1").replace("\"x\"", "\"a.b\""));
    }

    @Test
    void smallerLimitsApplyToCachedStrings() {
        EventLimits small = new EventLimits(1 << 20, 2, 3, 4, 1);
        String json =
                "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":1,\"features\":{\"abcd\":\"xyz\"},"
                        + "\"prediction\":1,\"segment\":{\"r\":\"eu\"}}";
        assertThat(FeedbackFastPath.decode(bytes(json), LIMITS)).isNotNull(); // now cached
        for (String tooBig :
                List.of(
                        json.replace("abcd", "abcde"),
                        json.replace("xyz", "wxyz"),
                        json.replace("\"m\"", "\"mmmm\""),
                        json.replace("\"eu\"", "\"euro\""),
                        json.replace("\"r\":\"eu\"", "\"r\":\"eu\",\"s\":\"x\""),
                        json.replace("\"abcd\":\"xyz\"", "\"a\":1,\"b\":2,\"c\":3"))) {
            assertThat(FeedbackFastPath.decode(bytes(tooBig), LIMITS)).isNotNull();
            assertThat(FeedbackFastPath.decode(bytes(tooBig), small)).as(tooBig).isNull();
            assertThat(EventJson.parseTree(bytes(tooBig), FeedbackEvent.class, small).isValid())
                    .isFalse();
        }
        assertThat(FeedbackFastPath.decode(bytes(json), small))
                .isEqualTo(EventJson.parseTree(bytes(json), FeedbackEvent.class, small).value());
    }

    @Test
    void manyDistinctStringsShareTheCachesSlotsAndStillComeOutRight() throws Exception {
        // 3000 names, categories and models for 1024 slots each: slots collide, entries are
        // replaced, and from several threads at once
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                runs.add(
                        pool.submit(
                                () -> {
                                    Random random = new Random(seed);
                                    for (int i = 0; i < 3000; i++) {
                                        int k = random.nextInt(3000);
                                        String json =
                                                "{\"event_id\":\"e"
                                                        + i
                                                        + "\",\"model\":\"model-"
                                                        + k
                                                        + "\",\"ts\":1,\"features\":{\"f"
                                                        + k
                                                        + "\":\"c"
                                                        + k
                                                        + "\",\"g"
                                                        + (k + 1)
                                                        + "\":"
                                                        + k
                                                        + ".5},\"prediction\":\"p"
                                                        + (k % 7)
                                                        + "\",\"segment\":{\"s"
                                                        + k
                                                        + "\":\"v"
                                                        + k
                                                        + "\"}}";
                                        assertFast(json);
                                    }
                                    return null;
                                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aRepeatedNameIsTheSameStringInstance() {
        FeedbackEvent first = assertFast(WORKLOAD);
        FeedbackEvent second = assertFast(WORKLOAD.replace("5eed0000", "5eed0001"));
        assertThat(second.features().keySet().iterator().next())
                .isSameAs(first.features().keySet().iterator().next());
        assertThat(second.model()).isSameAs(first.model());
    }

    @Test
    void eventsOfTheBenchmarksShapeTakeTheFastPath() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            Map<String, FeatureValue> features = new LinkedHashMap<>();
            for (int f = 0; f < 10; f++) {
                features.put("num_" + f, new FeatureValue.Numeric(random.nextGaussian() * 10));
            }
            features.put("region", new FeatureValue.Categorical("r" + random.nextInt(8)));
            FeedbackEvent event =
                    new FeedbackEvent(
                            "evt-" + i,
                            "model-" + (i % 8),
                            "1",
                            1_700_000_000_000L + i,
                            features,
                            new FeatureValue.Numeric(random.nextInt(2)),
                            0.8,
                            i % 10 < 3 ? new FeatureValue.Numeric(random.nextInt(2)) : null,
                            Map.of());
            assertThat(FeedbackFastPath.decode(EventJson.toJson(event), LIMITS)).isEqualTo(event);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
