package io.driftline.it.poison;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Feedback records a producer could send that Driftline's strict contract must reject (issue 9),
 * and valid but odd feedback events it must accept and store.
 *
 * <p>The contract assumed here: the payload is strict UTF-8 (no BOM, no UTF-16/32, no overlong
 * forms, no encoded surrogates, nothing above U+10FFFF, no lone surrogate escapes); an event with a
 * prediction needs a non-empty {@code features} object; names of features and segment keys are
 * 1..256 chars without control characters (U+0000–U+001F, U+007F), not starting with {@code $} and
 * without {@code .}; {@code ts} lies within one hour ahead of and 30 days behind processing time;
 * model names match {@code [A-Za-z0-9._-]{1,128}} except {@code .} and {@code ..}; plus everything
 * the wire contract already required (types, finite numbers, sizes, no duplicates).
 *
 * <p>Every record carries a unique {@code event_id} where it has one, so a dead letter can be
 * traced to the record that caused it; the bytes themselves are the key for the rest.
 */
final class HostileCorpus {

    /** One record that must be dead-lettered. */
    record Hostile(String category, String eventId, byte[] bytes) {
        @Override
        public String toString() {
            return category
                    + "/"
                    + eventId
                    + " ("
                    + (bytes == null ? "null" : bytes.length)
                    + " bytes)";
        }
    }

    /**
     * One valid but odd event that must end up in {@code ml_feedback}.
     *
     * @param feature a feature name the stored document must hold, or null
     */
    record ValidOdd(String name, String eventId, byte[] bytes, String feature) {}

    /**
     * The models hostile records claim to belong to: real ones, so validation is what stops them.
     */
    static final List<String> MODELS = List.of("credit-risk", "churn");

    static final long YEAR_3000 = 32_503_680_000_000L;
    static final long YEAR_10000 = 253_402_300_800_000L;

    private final long now;
    private final List<Hostile> hostile = new ArrayList<>();
    private int seq;

    private HostileCorpus(long now) {
        this.now = now;
    }

    /**
     * The hostile records, with {@code now} (processing time) as their time where one is needed.
     */
    static List<Hostile> hostile(long now) {
        HostileCorpus c = new HostileCorpus(now);
        c.notJson();
        c.truncated();
        c.binaryGarbage();
        c.invalidUtf8();
        c.byteOrderMarks();
        c.wideEncodings();
        c.loneSurrogateEscapes();
        c.deepNesting();
        c.duplicateKeys();
        c.wrongTypes();
        c.nonFinite();
        c.hugePayloads();
        c.hugeNumbers();
        c.badModelNames();
        c.badTimestamps();
        c.withoutFeatures();
        c.badNames();
        c.otherRules();
        return List.copyOf(c.hostile);
    }

    // ---- hostile categories ------------------------------------------------------------------

    private void notJson() {
        String[] texts = {
            "hello",
            "<event id=\"1\"/>",
            "null",
            "true",
            "42",
            "\"a string\"",
            "[]",
            "{}",
            "{",
            "}",
            " ",
            "\n",
            "event_id=1&model=churn",
            "{event_id: 'x', model: 'churn'}",
            "{\"event_id\":\"x\",}",
            "/* comment */ {}",
            "# comment",
            "\u0000",
            "NaN",
            "undefined",
        };
        for (int i = 0; i < texts.length; i++) {
            add(
                    "not-json",
                    null,
                    (texts[i] + (i < 12 ? "" : " #" + i)).getBytes(StandardCharsets.UTF_8));
        }
        add("not-json", null, new byte[0]);
        add("not-json", null, null); // a tombstone: no value at all
        String id = nextId("not-json");
        add(
                "not-json",
                id,
                ("[" + render(base(id, "churn")) + "]").getBytes(StandardCharsets.UTF_8));
        id = nextId("not-json");
        add(
                "not-json",
                id,
                (render(base(id, "churn")) + render(base(id + "-b", "churn")))
                        .getBytes(StandardCharsets.UTF_8));
        id = nextId("not-json");
        add(
                "not-json",
                id,
                (render(base(id, "churn")) + " trailing").getBytes(StandardCharsets.UTF_8));
        id = nextId("not-json");
        add(
                "not-json",
                id,
                render(base(id, "churn"))
                        .replace("\"model\":\"churn\"", "\"model\":\"ch\nurn\"")
                        .getBytes(StandardCharsets.UTF_8)); // raw control character in a string
    }

    private void truncated() {
        for (int k = 1; k <= 24; k++) {
            String id = nextId("truncated");
            byte[] full = bytes(base(id, model(k)));
            add("truncated-json", id, Arrays.copyOf(full, Math.max(1, full.length * k / 25)));
        }
        String id = nextId("truncated");
        byte[] full = bytes(base(id, "churn"));
        add("truncated-json", id, Arrays.copyOf(full, full.length - 1));
    }

    private void binaryGarbage() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < 16; i++) {
            byte[] b = new byte[1 + rnd.nextInt(4096)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) rnd.nextInt(256);
            }
            add("binary-garbage", null, b);
        }
        byte[] zeros = new byte[1024];
        add("binary-garbage", null, zeros);
        byte[] ff = new byte[512];
        Arrays.fill(ff, (byte) 0xFF);
        add("binary-garbage", null, ff);
        add(
                "binary-garbage",
                null,
                HexFormat.of()
                        .parseHex("1f8b0800000000000003cb48cdc9c9070086a61036050000")); // gzip
        add(
                "binary-garbage",
                null,
                HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452")); // png
        add(
                "binary-garbage",
                null,
                HexFormat.of().parseHex("0a06636875726e1201311a0408011002")); // protobuf-ish
        add(
                "binary-garbage",
                null,
                HexFormat.of()
                        .parseHex("aced0005737200106a6176612e6c616e67")); // java serialization
    }

    /** Byte sequences strict UTF-8 forbids, each put into a string value and into a key. */
    private static final Map<String, String> BAD_UTF8 = new LinkedHashMap<>();

    static {
        BAD_UTF8.put("overlong-slash-2", "c0af");
        BAD_UTF8.put("overlong-slash-3", "e080af");
        BAD_UTF8.put("overlong-slash-4", "f08080af");
        BAD_UTF8.put("overlong-nul", "c080");
        BAD_UTF8.put("overlong-quote", "c0a2");
        BAD_UTF8.put("overlong-c1", "c1bf");
        BAD_UTF8.put("surrogate-high", "eda080");
        BAD_UTF8.put("surrogate-low", "edbfbf");
        BAD_UTF8.put("surrogate-pair-encoded", "eda0bdedb880");
        BAD_UTF8.put("above-10ffff", "f4908080");
        BAD_UTF8.put("f5-lead", "f5808080");
        BAD_UTF8.put("lone-continuation", "80");
        BAD_UTF8.put("lone-continuation-bf", "bf");
        BAD_UTF8.put("truncated-sequence", "e282");
        BAD_UTF8.put("fe-byte", "fe");
        BAD_UTF8.put("ff-byte", "ff");
    }

    private void invalidUtf8() {
        int k = 0;
        for (Map.Entry<String, String> bad : BAD_UTF8.entrySet()) {
            byte[] raw = HexFormat.of().parseHex(bad.getValue());
            String model = model(k++);
            // in a categorical value
            String id = nextId("utf8-value-" + bad.getKey());
            add(
                    "invalid-utf8",
                    id,
                    rawInside(base(id, model), "features", "\"city\":\"ab", raw, "cd\""));
            // in a feature name
            id = nextId("utf8-key-" + bad.getKey());
            add("invalid-utf8", id, rawInside(base(id, model), "features", "\"ab", raw, "cd\":1"));
        }
        for (String hex : List.of("c0af", "eda080", "f4908080", "80")) {
            String id = nextId("utf8-version-" + hex);
            Map<String, String> e = base(id, "churn");
            byte[] head = bytes(e);
            String marker = "\"model_version\":\"1\"";
            int at = indexOf(head, marker.getBytes(StandardCharsets.UTF_8));
            add(
                    "invalid-utf8",
                    id,
                    concat(
                            Arrays.copyOf(head, at),
                            "\"model_version\":\"v".getBytes(StandardCharsets.UTF_8),
                            HexFormat.of().parseHex(hex),
                            "\"".getBytes(StandardCharsets.UTF_8),
                            Arrays.copyOfRange(head, at + marker.length(), head.length)));
        }
    }

    private void byteOrderMarks() {
        byte[] bom = HexFormat.of().parseHex("efbbbf");
        for (int i = 0; i < 6; i++) {
            String id = nextId("bom");
            add("utf8-bom", id, concat(bom, bytes(base(id, model(i)))));
        }
        String id = nextId("bom");
        add("utf8-bom", id, concat(bom, bom, bytes(base(id, "churn"))));
    }

    private void wideEncodings() {
        Map<String, Charset> encodings = new LinkedHashMap<>();
        encodings.put("utf-16le", StandardCharsets.UTF_16LE);
        encodings.put("utf-16be", StandardCharsets.UTF_16BE);
        encodings.put("utf-16-bom", StandardCharsets.UTF_16);
        encodings.put("utf-32le", Charset.forName("UTF-32LE"));
        encodings.put("utf-32be", Charset.forName("UTF-32BE"));
        encodings.put("utf-32-bom", Charset.forName("UTF-32"));
        int k = 0;
        for (Map.Entry<String, Charset> enc : encodings.entrySet()) {
            for (int i = 0; i < 3; i++) {
                String id = nextId(enc.getKey());
                add(enc.getKey(), id, render(base(id, model(k++))).getBytes(enc.getValue()));
            }
        }
        // UTF-32 with an explicit BOM (the JDK's UTF-32 encoder writes none)
        String id = nextId("utf-32le-bom");
        add(
                "utf-32le",
                id,
                concat(
                        HexFormat.of().parseHex("fffe0000"),
                        render(base(id, "churn")).getBytes(Charset.forName("UTF-32LE"))));
    }

    private void loneSurrogateEscapes() {
        String[][] cases = {
            {"value-high", "features", "city", "\"ab\\ud800cd\""},
            {"value-low", "features", "city", "\"\\udc00\""},
            {"value-reversed-pair", "features", "city", "\"\\ude00\\ud83d\""},
            {"value-high-at-end", "features", "city", "\"abc\\ud800\""},
            {"key-high", "features", "x\\ud800", "1"},
            {"key-low", "features", "\\udfff", "1"},
            {"segment-value", "segment", "region", "\"\\ud800\""},
            {"segment-key", "segment", "re\\udbffgion", "\"north\""},
            {"prediction", null, "prediction", "\"\\ud800\""},
            {"actual", null, "actual", "\"\\udc01\""},
            {"model-version", null, "model_version", "\"v\\ud800\""},
        };
        int k = 0;
        for (String[] c : cases) {
            String id = nextId("lone-surrogate-" + c[0]);
            Map<String, String> e = base(id, model(k++));
            if (c[1] == null) {
                e.put(c[2], c[3]);
            } else {
                e.put(c[1], addEntry(e.getOrDefault(c[1], "{}"), c[2], c[3]));
            }
            add("lone-surrogate-escape", id, bytes(e));
        }
    }

    private void deepNesting() {
        for (int depth : new int[] {65, 100, 1_000, 100_000}) {
            String id = nextId("deep-unknown-" + depth);
            Map<String, String> e = base(id, "churn");
            e.put("extra", "[".repeat(depth) + "]".repeat(depth));
            add("deep-nesting", id, bytes(e));
        }
        for (int depth : new int[] {65, 500}) {
            String id = nextId("deep-feature-" + depth);
            Map<String, String> e = base(id, "credit-risk");
            e.put(
                    "features",
                    addEntry(
                            e.get("features"),
                            "nested",
                            "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
            add("deep-nesting", id, bytes(e));
        }
        add(
                "deep-nesting",
                null,
                ("[".repeat(70) + "]".repeat(70)).getBytes(StandardCharsets.UTF_8));
        add(
                "deep-nesting",
                null,
                ("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000))
                        .getBytes(StandardCharsets.UTF_8));
    }

    private void duplicateKeys() {
        String[] fields = {"event_id", "model", "ts", "features", "prediction", "actual", "schema"};
        for (String field : fields) {
            String id = nextId("dup-" + field);
            String json = render(base(id, "credit-risk"));
            String dup =
                    switch (field) {
                        case "event_id" -> "\"event_id\":\"" + id + "\"";
                        case "model" -> "\"model\":\"../../etc\"";
                        case "ts" -> "\"ts\":" + now;
                        case "features" -> "\"features\":{\"income\":1}";
                        case "prediction" -> "\"prediction\":0";
                        case "actual" -> "\"actual\":1,\"actual\":0";
                        default -> "\"schema\":1";
                    };
            add(
                    "duplicate-keys",
                    id,
                    (json.substring(0, json.length() - 1) + "," + dup + "}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        String id = nextId("dup-feature");
        Map<String, String> e = base(id, "credit-risk");
        e.put("features", addEntry(e.get("features"), "income", "99"));
        add("duplicate-keys", id, bytes(e));
        id = nextId("dup-feature-escaped");
        e = base(id, "credit-risk");
        e.put(
                "features",
                addEntry(e.get("features"), "\\u0069ncome", "99")); // "income" once decoded
        add("duplicate-keys", id, bytes(e));
        id = nextId("dup-segment");
        e = base(id, "churn");
        e.put("segment", "{\"region\":\"north\",\"region\":\"south\"}");
        add("duplicate-keys", id, bytes(e));
    }

    private void wrongTypes() {
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        wrong.put("event_id", List.of("42", "{}", "[\"x\"]", "true"));
        wrong.put("model", List.of("7", "[\"churn\"]", "{\"name\":\"churn\"}", "false"));
        wrong.put("model_version", List.of("1", "{}", "[1]", "true"));
        wrong.put(
                "ts",
                List.of("\"" + now + "\"", now + ".5", "true", "{}", "[" + now + "]", "\"now\""));
        wrong.put("features", List.of("[1,2]", "\"income=1\"", "42", "true"));
        wrong.put("prediction", List.of("true", "{}", "[1]"));
        wrong.put("confidence_score", List.of("\"0.5\"", "true", "[0.5]", "{}"));
        wrong.put("actual", List.of("false", "{\"label\":1}", "[0]"));
        wrong.put(
                "segment",
                List.of(
                        "[\"north\"]",
                        "\"north\"",
                        "1",
                        "{\"region\":1}",
                        "{\"region\":true}",
                        "{\"region\":{}}"));
        wrong.put("schema", List.of("\"1\"", "1.5", "2", "0", "-1", "{}"));
        int k = 0;
        for (Map.Entry<String, List<String>> w : wrong.entrySet()) {
            for (String value : w.getValue()) {
                String id = nextId("type-" + w.getKey());
                Map<String, String> e = base(id, model(k++));
                e.put(w.getKey(), value);
                if (w.getKey().equals("event_id")) {
                    // keep an id in the record for tracing
                    e.put("trace_id", "\"" + id + "\"");
                }
                add("wrong-type", id, bytes(e));
            }
        }
        for (String value : List.of("true", "{\"v\":1}", "[1,2]")) {
            String id = nextId("type-feature-value");
            Map<String, String> e = base(id, "credit-risk");
            e.put("features", addEntry(e.get("features"), "flag", value));
            add("wrong-type", id, bytes(e));
        }
    }

    private void nonFinite() {
        String[] tokens = {"NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf"};
        int k = 0;
        for (String token : tokens) {
            String id = nextId("nonfinite-feature");
            Map<String, String> e = base(id, model(k++));
            e.put("features", addEntry(e.get("features"), "score", token));
            add("non-finite", id, bytes(e));
        }
        for (String field : List.of("prediction", "confidence_score", "actual", "ts")) {
            for (String token : List.of("NaN", "Infinity")) {
                String id = nextId("nonfinite-" + field);
                Map<String, String> e = base(id, model(k++));
                e.put(field, token);
                add("non-finite", id, bytes(e));
            }
        }
    }

    private void hugePayloads() {
        int mib = 1 << 20;
        String id = nextId("huge-value");
        Map<String, String> e = base(id, "credit-risk");
        e.put(
                "features",
                addEntry(e.get("features"), "comment", "\"" + "x".repeat(mib + 100) + "\""));
        add("huge-payload", id, bytes(e));
        id = nextId("huge-unknown-field");
        e = base(id, "churn");
        e.put("padding", "\"" + "p".repeat(mib + 10) + "\"");
        add("huge-payload", id, bytes(e));
        id = nextId("huge-whitespace");
        e = base(id, "churn");
        String json = render(e);
        add(
                "huge-payload",
                id,
                (json.substring(0, json.length() - 1) + " ".repeat(mib + 1) + "}")
                        .getBytes(StandardCharsets.UTF_8)); // valid JSON, only too big
        id = nextId("huge-many-features");
        e = base(id, "credit-risk");
        StringBuilder features = new StringBuilder("{");
        for (int i = 0; features.length() <= mib + 1000; i++) {
            features.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        e.put("features", features.append("}").toString());
        add("huge-payload", id, bytes(e));
        id = nextId("huge-array");
        e = base(id, "churn");
        e.put("extra", "[" + "0,".repeat(mib / 2 + 10) + "0]");
        add("huge-payload", id, bytes(e));
    }

    private void hugeNumbers() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("features", "1e999");
        cases.put("features-negative", "-1e999");
        cases.put("prediction", "1e999");
        cases.put("confidence_score", "1e999");
        cases.put("actual", "-1E400");
        cases.put("ts", "99999999999999999999999");
        cases.put("ts-exponent", "1e999");
        cases.put("features-digits", "1" + "0".repeat(5_000));
        cases.put("features-fraction-digits", "0." + "3".repeat(5_000));
        int k = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String id = nextId("huge-number-" + c.getKey());
            Map<String, String> e = base(id, model(k++));
            if (c.getKey().startsWith("features")) {
                e.put("features", addEntry(e.get("features"), "big", c.getValue()));
            } else {
                e.put(c.getKey().replace("-exponent", ""), c.getValue());
            }
            add("huge-number", id, bytes(e));
        }
    }

    private void badModelNames() {
        String[] names = {
            "../../etc",
            "..",
            ".",
            "a/b",
            "/etc/passwd",
            "..\\\\..\\\\windows",
            "a\\\\b",
            "../credit-risk",
            "credit-risk/../../x",
            "model name",
            "",
            "%2e%2e",
            "größe",
            "a".repeat(129),
            "a\\u0000b",
            "churn\\n",
            "$model",
            "a:b",
            "~root",
            "credit-risk\\u002f..",
            "\\u002e\\u002e",
        };
        for (String name : names) {
            String id = nextId("model-name");
            Map<String, String> e = base(id, "churn");
            e.put("model", "\"" + name + "\"");
            add("bad-model-name", id, bytes(e));
        }
    }

    private void badTimestamps() {
        Map<String, Long> cases = new LinkedHashMap<>();
        cases.put("year-3000", YEAR_3000);
        cases.put("year-10000", YEAR_10000);
        cases.put("long-max", Long.MAX_VALUE);
        cases.put("long-max-minus-1", Long.MAX_VALUE - 1);
        cases.put("negative", -1L);
        cases.put("long-min", Long.MIN_VALUE);
        cases.put("now-plus-2h", now + Duration.ofHours(2).toMillis());
        cases.put("now-plus-61min", now + Duration.ofMinutes(61).toMillis());
        cases.put("now-plus-10y", now + Duration.ofDays(3653).toMillis());
        cases.put("now-minus-31d", now - Duration.ofDays(31).toMillis());
        cases.put("now-minus-1y", now - Duration.ofDays(365).toMillis());
        cases.put("epoch-zero", 0L);
        cases.put("seconds-not-millis", now / 1000);
        cases.put("micros-not-millis", now * 1000);
        int k = 0;
        for (Map.Entry<String, Long> c : cases.entrySet()) {
            for (int i = 0; i < 2; i++) {
                String id = nextId("ts-" + c.getKey());
                Map<String, String> e = base(id, model(k++));
                e.put("ts", Long.toString(c.getValue()));
                add("bad-timestamp", id, bytes(e));
            }
        }
    }

    private void withoutFeatures() {
        int k = 0;
        for (String features : new String[] {null, "null", "{}"}) {
            for (int i = 0; i < 3; i++) {
                String id = nextId("no-features");
                Map<String, String> e = base(id, model(k++));
                if (features == null) {
                    e.remove("features");
                } else {
                    e.put("features", features);
                }
                if (i == 1) {
                    e.remove("actual"); // prediction only
                }
                add("no-features", id, bytes(e));
            }
        }
    }

    /** Feature and segment names the contract forbids (JSON escapes, so the bytes are valid). */
    private void badNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("nul-inside", "a\\u0000b");
        names.put("nul-only", "\\u0000");
        names.put("nul-dollar-dot", "\\u0000$.");
        names.put("dot-inside", "a.b");
        names.put("dot-only", ".");
        names.put("dot-trailing", "income.");
        names.put("dot-leading", ".income");
        names.put("dollar-leading", "$where");
        names.put("dollar-only", "$");
        names.put("dollar-dot", "$set.x");
        names.put("control-01", "a\\u0001b");
        names.put("control-tab", "tab\\tname");
        names.put("control-newline", "line\\nbreak");
        names.put("control-cr", "cr\\rname");
        names.put("control-1f", "x\\u001f");
        names.put("control-del", "del\\u007f");
        names.put("too-long", "k".repeat(257));
        names.put("empty", "");
        int k = 0;
        for (Map.Entry<String, String> name : names.entrySet()) {
            String id = nextId("feature-name-" + name.getKey());
            Map<String, String> e = base(id, model(k++));
            e.put("features", addEntry(e.get("features"), name.getValue(), "1.5"));
            add("bad-feature-name", id, bytes(e));
            id = nextId("segment-key-" + name.getKey());
            e = base(id, model(k++));
            e.put("segment", "{\"" + name.getValue() + "\":\"north\"}");
            add("bad-segment-key", id, bytes(e));
        }
    }

    /** What the wire contract already forbade: missing fields, bounds, ranges. */
    private void otherRules() {
        int k = 0;
        for (String field : List.of("event_id", "model", "ts")) {
            String id = nextId("missing-" + field);
            Map<String, String> e = base(id, model(k++));
            e.remove(field);
            e.put("trace_id", "\"" + id + "\"");
            add("missing-field", id, bytes(e));
        }
        String id = nextId("no-prediction-no-actual");
        Map<String, String> e = base(id, "churn");
        e.remove("prediction");
        e.remove("actual");
        add("missing-field", id, bytes(e));
        id = nextId("null-prediction-null-actual");
        e = base(id, "churn");
        e.put("prediction", "null");
        e.put("actual", "null");
        add("missing-field", id, bytes(e));

        // categorical values become keys of a reference profile's frequency map: no controls
        for (String value : List.of("a\\u0000b", "a\\tb", "line\\nbreak", "\\u007f")) {
            id = nextId("control-in-category");
            e = base(id, model(k++));
            e.put("features", "{\"note\":\"" + value + "\",\"x\":1}");
            add("control-in-category", id, bytes(e));
        }

        for (String c : List.of("-0.1", "1.0000001", "2", "-1e-300")) {
            id = nextId("confidence");
            e = base(id, model(k++));
            e.put("confidence_score", c);
            add("out-of-range", id, bytes(e));
        }
        id = nextId("empty-event-id");
        e = base(id, "churn");
        e.put("event_id", "\"\"");
        e.put("trace_id", "\"" + id + "\"");
        add("out-of-range", id, bytes(e));
        id = nextId("long-event-id");
        e = base(id, "churn");
        e.put("event_id", "\"" + id + "-" + "i".repeat(300) + "\"");
        add("out-of-range", id, bytes(e));

        id = nextId("too-many-features");
        e = base(id, "credit-risk");
        StringBuilder features = new StringBuilder("{");
        for (int i = 0; i < 1_001; i++) {
            features.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        e.put("features", features.append("}").toString());
        add("too-big", id, bytes(e));
        id = nextId("long-string");
        e = base(id, "credit-risk");
        e.put("features", addEntry(e.get("features"), "note", "\"" + "r".repeat(4_097) + "\""));
        add("too-big", id, bytes(e));
        id = nextId("too-many-segments");
        e = base(id, "churn");
        StringBuilder segment = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            segment.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":\"v\"");
        }
        e.put("segment", segment.append("}").toString());
        add("too-big", id, bytes(e));
    }

    // ---- valid but odd -----------------------------------------------------------------------

    /** Valid events that must be accepted and stored; {@code ts} is {@code now}. */
    static List<ValidOdd> validOdd(long now) {
        HostileCorpus c = new HostileCorpus(now);
        List<ValidOdd> out = new ArrayList<>();
        c.odd(
                out,
                "unicode-feature-names",
                "odd-valid",
                Map.of("features", "{\"größe\":1.5,\"名前\":\"太郎\",\"😀\":2,\"région\":\"nord\"}"),
                "größe");
        c.odd(
                out,
                "escaped-unicode-names",
                "odd-valid",
                Map.of(
                        "features",
                        "{\"\\u00e9t\\u00e9\":1,\"smile\\ud83d\\ude00\":\"\\ud83d\\ude00\"}"),
                "été");
        c.odd(out, "emoji-only-name", "odd-valid", Map.of("features", "{\"🚀\":\"🌍\"}"), "🚀");
        c.odd(
                out,
                "longest-feature-name",
                "odd-valid",
                Map.of("features", "{\"" + "n".repeat(256) + "\":1}"),
                "n".repeat(256));
        c.odd(
                out,
                "longest-categorical",
                "odd-valid",
                Map.of("features", "{\"text\":\"" + "é".repeat(4_096) + "\"}"),
                "text");
        c.odd(out, "longest-model-name", "m".repeat(128), Map.of(), null);
        c.odd(out, "model-name-punctuation", "A.b_c-9", Map.of(), null);
        c.odd(
                out,
                "huge-magnitudes",
                "odd-valid",
                Map.of(
                        "features",
                        "{\"big\":1e300,\"small\":-1e300,\"tiny\":5e-324,\"max\":1.7976931348623157e308}"),
                "tiny");
        c.odd(
                out,
                "integers",
                "odd-valid",
                Map.of(
                        "features",
                        "{\"zero\":0,\"negzero\":-0,\"long\":9223372036854775807,\"neg\":-9223372036854775808,\"beyond53\":9007199254740993}"),
                "beyond53");
        c.odd(
                out,
                "null-feature-values",
                "odd-valid",
                Map.of("features", "{\"a\":null,\"b\":null,\"c\":1}"),
                "a");
        c.odd(
                out,
                "nan-as-category",
                "odd-valid",
                Map.of("features", "{\"label\":\"NaN\",\"inf\":\"Infinity\"}"),
                "label");
        c.odd(
                out,
                "dollar-and-dot-in-values",
                "odd-valid",
                Map.of("features", "{\"query\":\"$where\",\"path\":\"a.b.c\"}"),
                "query");
        c.odd(out, "zero-confidence", "odd-valid", Map.of("confidence_score", "0"), null);
        c.odd(out, "tiny-confidence", "odd-valid", Map.of("confidence_score", "4.9e-324"), null);
        c.odd(out, "full-confidence", "odd-valid", Map.of("confidence_score", "1.0"), null);
        c.odd(
                out,
                "categorical-prediction",
                "odd-valid",
                Map.of("prediction", "\"yes\"", "actual", "\"no\""),
                null);
        c.odd(
                out,
                "unicode-segment",
                "odd-valid",
                Map.of("segment", "{\"région\":\"Île-de-France\",\"国\":\"日本\"}"),
                null);
        c.odd(
                out,
                "unknown-fields",
                "odd-valid",
                Map.of(
                        "future_field",
                        "{\"nested\":[1,{\"a\":[true,null]}],\"n\":1e308}",
                        "another",
                        "\"x\""),
                null);
        c.odd(
                out,
                "nested-unknown-40-levels",
                "odd-valid",
                Map.of("extra", "[".repeat(40) + "]".repeat(40)),
                null);
        c.odd(out, "schema-absent", "odd-valid", Map.of("schema", ""), null);
        c.odd(out, "no-model-version", "odd-valid", Map.of("model_version", ""), null);
        c.odd(out, "prediction-only", "odd-valid", Map.of("actual", ""), null);
        c.odd(out, "longest-event-id", "odd-valid", Map.of(), null);

        // the outcome of the prediction-only event, later and alone: no prediction, no features
        ValidOdd predictionOnly =
                out.stream()
                        .filter(o -> o.name().equals("prediction-only"))
                        .findFirst()
                        .orElseThrow();
        Map<String, String> outcome = new LinkedHashMap<>();
        outcome.put("schema", "1");
        outcome.put("event_id", "\"" + predictionOnly.eventId() + "\"");
        outcome.put("model", "\"odd-valid\"");
        outcome.put("ts", Long.toString(now));
        outcome.put("actual", "1");
        out.add(new ValidOdd("outcome-only", predictionOnly.eventId(), bytes(outcome), null));

        // pretty-printed, with every kind of JSON whitespace
        String id = "odd-pretty-printed";
        String pretty =
                "{\n\t\"schema\" : 1 ,\r\n  \"event_id\" : \""
                        + id
                        + "\",\n  \"model\" : \"odd-valid\",\n  \"ts\" : "
                        + now
                        + ",\n  \"features\" : { \"a\" : 1 }, \"prediction\" : 0\n}\n";
        out.add(new ValidOdd("pretty-printed", id, pretty.getBytes(StandardCharsets.UTF_8), "a"));
        // a valid 4-byte UTF-8 character (U+10FFFF is the highest allowed)
        id = "odd-max-code-point";
        out.add(
                new ValidOdd(
                        "max-code-point",
                        id,
                        ("{\"event_id\":\""
                                        + id
                                        + "\",\"model\":\"odd-valid\",\"ts\":"
                                        + now
                                        + ",\"features\":{\"cp\":\"\udbff\udfff\"},\"prediction\":1}")
                                .getBytes(StandardCharsets.UTF_8),
                        "cp"));
        return out;
    }

    private void odd(
            List<ValidOdd> out,
            String name,
            String model,
            Map<String, String> overrides,
            String feature) {
        String id = name.equals("longest-event-id") ? "odd-" + "i".repeat(252) : "odd-" + name;
        Map<String, String> e = base(id, model);
        e.put("features", "{\"x\":1.0,\"kind\":\"a\"}");
        overrides.forEach(
                (k, v) -> {
                    if (v.isEmpty()) {
                        e.remove(k);
                    } else {
                        e.put(k, v);
                    }
                });
        out.add(new ValidOdd(name, id, bytes(e), feature));
    }

    // ---- building blocks ---------------------------------------------------------------------

    /** A valid event, as raw JSON fragments by field name, in wire order. */
    private Map<String, String> base(String id, String model) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("schema", "1");
        e.put("event_id", "\"" + id + "\"");
        e.put("model", "\"" + model + "\"");
        e.put("model_version", "\"1\"");
        e.put("ts", Long.toString(now));
        e.put(
                "features",
                model.equals("churn")
                        ? "{\"tenure_months\":12.0,\"monthly_spend\":40.5,\"support_calls\":1,\"plan\":\"basic\"}"
                        : "{\"income\":52000.5,\"age\":41.0,\"debt_ratio\":0.31,\"region\":\"north\",\"channel\":\"web\"}");
        e.put("prediction", "1");
        e.put("confidence_score", "0.7");
        e.put("actual", "1");
        return e;
    }

    /** Renders fragments as a JSON object; keys are written as given (already escaped). */
    private static String render(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach(
                (k, v) ->
                        out.append(out.length() == 1 ? "" : ",")
                                .append('"')
                                .append(k)
                                .append("\":")
                                .append(v));
        return out.append('}').toString();
    }

    private static byte[] bytes(Map<String, String> fields) {
        return render(fields).getBytes(StandardCharsets.UTF_8);
    }

    /** Adds {@code "key":value} (raw) to the end of a rendered JSON object. */
    private static String addEntry(String object, String key, String rawValue) {
        String inner = object.substring(1, object.length() - 1);
        return "{" + inner + (inner.isBlank() ? "" : ",") + "\"" + key + "\":" + rawValue + "}";
    }

    /**
     * The event with one more entry in its object {@code field}, made of {@code before}, raw bytes
     * (not valid UTF-8) and {@code after}.
     */
    private static byte[] rawInside(
            Map<String, String> fields, String field, String before, byte[] raw, String after) {
        String object = fields.get(field);
        String placeholder = "\u0001RAW\u0001";
        fields.put(
                field,
                "{"
                        + object.substring(1, object.length() - 1)
                        + ","
                        + before
                        + placeholder
                        + after
                        + "}");
        byte[] json = bytes(fields);
        byte[] marker = placeholder.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(json, marker);
        return concat(
                Arrays.copyOf(json, at),
                raw,
                Arrays.copyOfRange(json, at + marker.length, json.length));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("marker not found");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private String nextId(String what) {
        return "hostile-" + (seq++) + "-" + what;
    }

    private static String model(int k) {
        return MODELS.get(k % MODELS.size());
    }

    private void add(String category, String eventId, byte[] bytes) {
        hostile.add(new Hostile(category, eventId, bytes));
    }
}
