package io.driftline.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decodes a plain, valid {@link FeedbackEvent} with one hand-written scan over the payload's bytes,
 * without a parser or a tree: the drift and ingest jobs read every feedback record, and parsing was
 * most of their cost.
 *
 * <p>It accepts only what the tree decoder ({@link EventDecoder}) accepts, with the same checks
 * (strict JSON; duplicate fields, which the tree's parser refuses, are refused here by noticing
 * them; the same text, name, id, length and range rules), and builds the same event: the same
 * strings, the same doubles bit for bit, the features in payload order. Anything else, or anything
 * it does not handle itself (an escape in a string, a number of more than 18 significant digits, an
 * unknown field, nesting) returns {@code null}, and the caller decodes the payload with the tree
 * decoder, which decides and finds the reason. So the fast path never decides that a record is
 * invalid, nor words a reason; property tests hold it to the tree decoder.
 */
final class FeedbackFastPath {

    private FeedbackFastPath() {}

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * The event, or null when the payload is not a plain valid feedback event (the tree decoder
     * then judges it). The payload's size and encoding (strict UTF-8) were checked already.
     */
    static FeedbackEvent decode(byte[] json, EventLimits limits) {
        try {
            return new Scanner(json, limits).event();
        } catch (Fallback | InvalidEventException e) {
            return null; // not plain, or a rule broken: the tree decoder says which
        }
    }

    /** Thrown (one instance, no stack trace) where the scan leaves a payload to the tree. */
    private static final class Fallback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fallback() {
            super("left to the tree decoder", null, false, false);
        }
    }

    private static final Fallback FALLBACK = new Fallback();

    private static final int SCHEMA = 0;
    private static final int EVENT_ID = 1;
    private static final int MODEL = 2;
    private static final int MODEL_VERSION = 3;
    private static final int TS = 4;
    private static final int FEATURES = 5;
    private static final int PREDICTION = 6;
    private static final int CONFIDENCE_SCORE = 7;
    private static final int ACTUAL = 8;
    private static final int SEGMENT = 9;

    private static final byte[][] FIELD_NAMES = {
        ascii("schema"),
        ascii("event_id"),
        ascii("model"),
        ascii("model_version"),
        ascii("ts"),
        ascii("features"),
        ascii("prediction"),
        ascii("confidence_score"),
        ascii("actual"),
        ascii("segment"),
    };

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The field names' first and last eight bytes, as {@link #word} reads them. */
    private static final long[] FIELD_FIRST = new long[FIELD_NAMES.length];

    private static final long[] FIELD_LAST = new long[FIELD_NAMES.length];

    static {
        for (int field = 0; field < FIELD_NAMES.length; field++) {
            byte[] name = FIELD_NAMES[field];
            FIELD_FIRST[field] = first(name, 0, name.length);
            FIELD_LAST[field] = last(name, 0, name.length);
        }
    }

    // ---- eight bytes at a time -----------------------------------------------------------

    /**
     * The high bit of each byte of {@code word} equal to {@code c} (the lowest one set is exact;
     * those above it may be false).
     */
    private static long equal(long word, long c) {
        long x = word ^ (c * LOW_BITS);
        return (x - LOW_BITS) & ~x & HIGH_BITS;
    }

    /**
     * Bytes that stop a string scan: a quote, a backslash, a control character (the lowest one set
     * is exact).
     */
    static long stringStops(long word) {
        long control = (word - 0x2020202020202020L) & ~word & HIGH_BITS;
        return equal(word, '"') | equal(word, '\\') | control;
    }

    /** Whether the bytes of {@code word} under {@code mask} are ASCII without DEL. */
    private static boolean plainBytes(long word, long mask) {
        return ((word & HIGH_BITS | equal(word, 0x7F)) & mask) == 0;
    }

    /** Whether the eight bytes are all ASCII digits. */
    private static boolean eightDigits(long word) {
        return ((word & 0xF0F0F0F0F0F0F0F0L)
                        | (((word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
                == 0x3333333333333333L;
    }

    /** The value of eight ASCII digits, the first one the most significant (Lemire's method). */
    private static long eightDigitsValue(long word) {
        long v = word - 0x3030303030303030L;
        v = v * 10 + (v >>> 8);
        return ((v & 0x000000FF000000FFL) * (100 + (1000000L << 32))
                        + ((v >>> 16) & 0x000000FF000000FFL) * (1 + (10000L << 32)))
                >>> 32;
    }

    /** Up to eight bytes from {@code from}, little-endian, zero above {@code count}. */
    private static long word(byte[] b, int from, int count) {
        if (count <= 0) {
            return 0;
        }
        if (from + 8 <= b.length) {
            long word = (long) LONGS.get(b, from);
            return count >= 8 ? word : word & ((1L << (8 * count)) - 1);
        }
        long word = 0;
        for (int k = Math.min(count, 8) - 1; k >= 0; k--) {
            word = (word << 8) | (b[from + k] & 0xFF);
        }
        return word;
    }

    /** The first eight bytes of {@code [start, end)} (fewer when it is shorter). */
    private static long first(byte[] b, int start, int end) {
        return word(b, start, end - start);
    }

    /** The last eight bytes of {@code [start, end)} when it is longer than eight, else 0. */
    private static long last(byte[] b, int start, int end) {
        return end - start > 8 ? word(b, end - 8, 8) : 0;
    }

    /** Strings longer than this are decoded each time: long values rarely repeat. */
    private static final int MAX_CACHED_BYTES = 64;

    /** Feature names and segment keys, valid when non-empty and a valid {@code Keys.NAME}. */
    private static final StringCache NAMES =
            new StringCache(
                    name -> !name.isEmpty() && EventDecoder.Keys.NAME.problem(name) == null);

    /**
     * Categorical values, model versions and segment values; valid when a valid category (which
     * only categorical values need: every unescaped string of strict UTF-8 is valid text).
     */
    private static final StringCache VALUES =
            new StringCache(text -> EventDecoder.Keys.CATEGORY.problem(text) == null);

    /** Model names, valid when {@link EventDecoder#checkModelName} accepts them (a regex). */
    private static final StringCache MODELS = new StringCache(FeedbackFastPath::isModelName);

    private static boolean isModelName(String name) {
        try {
            EventDecoder.checkModelName(name);
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }

    /**
     * One cached string: its bytes (and their first and last eight, compared first), the decoded
     * text and whether the cache's rule accepts it.
     */
    private record Entry(byte[] bytes, long first, long last, String text, boolean valid) {}

    /**
     * Decoded strings by their bytes, so a repeated name or category is one String (its hash
     * computed once) checked once. Shared by the parser's threads: a slot holds an immutable entry
     * and is read and written without locks; a lost write only costs a decode later.
     */
    private static final class StringCache {
        private static final int SLOTS = 1024;

        private final Entry[] slots = new Entry[SLOTS];
        private final Predicate<String> rule;

        StringCache(Predicate<String> rule) {
            this.rule = rule;
        }

        /** The entry for bytes {@code [start, end)} of {@code b}. */
        Entry get(byte[] b, int start, int end, boolean plain) {
            int length = end - start;
            long first = first(b, start, end);
            long last = last(b, start, end);
            long hash = first * 0x9E3779B97F4A7C15L + last * 0xC2B2AE3D27D4EB4FL + length;
            int slot = (int) (hash >>> 54); // the top 10 bits
            Entry entry = slots[slot];
            if (entry != null
                    && entry.bytes.length == length
                    && entry.first == first
                    && entry.last == last
                    // up to 16 bytes the two words are all the bytes
                    && (length <= 16 || Arrays.equals(entry.bytes, 0, length, b, start, end))) {
                return entry;
            }
            String text = decodeText(b, start, end, plain);
            entry =
                    new Entry(
                            Arrays.copyOfRange(b, start, end), first, last, text, rule.test(text));
            slots[slot] = entry;
            return entry;
        }
    }

    /**
     * A string's content, bytes {@code [start, end)} of strict UTF-8, as the parser decodes it;
     * checked text like the tree's ({@code plain}: ASCII without escapes, DEL or controls, which
     * needs no check).
     */
    private static String decodeText(byte[] b, int start, int end, boolean plain) {
        if (plain) {
            return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        }
        // an escape may make a NUL or an unpaired surrogate (strict UTF-8 cannot)
        return EventDecoder.checkText(unescape(b, start, end), "");
    }

    /** Decodes JSON's escapes; one that JSON does not have leaves the payload to the tree. */
    private static String unescape(byte[] b, int start, int end) {
        int escape = start;
        while (escape < end && b[escape] != '\\') {
            escape++;
        }
        if (escape == end) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            int run = i;
            while (i < end && b[i] != '\\') {
                i++;
            }
            out.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            if (i == end) {
                break;
            }
            // the scan saw a character after each backslash
            byte c = b[i + 1];
            i += 2;
            switch (c) {
                case '"', '\\', '/' -> out.append((char) c);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > end) {
                        throw FALLBACK;
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = Character.digit(b[i + k], 16);
                        if (digit < 0) {
                            throw FALLBACK;
                        }
                        code = (code << 4) | digit;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> throw FALLBACK;
            }
        }
        return out.toString();
    }

    /** The scan of one payload. */
    private static final class Scanner {
        private final byte[] b;
        private final int n;
        private final EventLimits limits;
        private int pos;

        // the last string scanned: its bytes [start, end), and whether they are plain ASCII
        // without DEL or escapes (then a char per byte and no control character)
        private int start;
        private int end;
        private boolean plain;

        Scanner(byte[] json, EventLimits limits) {
            this.b = json;
            this.n = json.length;
            this.limits = limits;
        }

        FeedbackEvent event() {
            skipWhitespace();
            expect('{');
            String eventId = null;
            String model = null;
            String modelVersion = null;
            long ts = -1;
            Map<String, FeatureValue> features = Map.of();
            FeatureValue prediction = null;
            Double confidence = null;
            FeatureValue actual = null;
            Map<String, String> segment = Map.of();
            int seen = 0; // one bit per field: a field given twice is a duplicate
            skipWhitespace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    int field = fieldName();
                    if ((seen & (1 << field)) != 0) {
                        throw FALLBACK; // repeated
                    }
                    seen |= 1 << field;
                    colon();
                    if (!nullLiteral()) { // null is absent, as in the tree decoder
                        switch (field) {
                            case SCHEMA -> {
                                if (integer() != EventJson.SCHEMA_VERSION) {
                                    throw FALLBACK;
                                }
                            }
                            case EVENT_ID -> eventId = text(Integer.MAX_VALUE);
                            case MODEL -> model = modelName();
                            case MODEL_VERSION -> modelVersion = value(false);
                            case TS -> ts = integer();
                            case FEATURES -> features = features();
                            case PREDICTION -> prediction = featureValue();
                            case CONFIDENCE_SCORE -> confidence = number();
                            case ACTUAL -> actual = featureValue();
                            default -> segment = segment(); // SEGMENT
                        }
                    }
                    if (!nextMember()) {
                        break;
                    }
                }
            }
            skipWhitespace();
            if (pos != n) {
                throw FALLBACK; // trailing content
            }
            if (eventId == null
                    || model == null
                    || ts < 0
                    || ts > EventDecoder.MAX_TIMESTAMP
                    || (confidence != null && (confidence < 0.0 || confidence > 1.0))
                    || (prediction == null && actual == null)
                    || (prediction != null && features.isEmpty())) {
                throw FALLBACK;
            }
            EventDecoder.checkId(eventId, "event_id");
            return new FeedbackEvent(
                    eventId,
                    model,
                    modelVersion,
                    ts,
                    features,
                    prediction,
                    confidence,
                    actual,
                    segment);
        }

        // ---- structure -------------------------------------------------------------------

        private int peek() {
            if (pos >= n) {
                throw FALLBACK;
            }
            return b[pos];
        }

        private void expect(char c) {
            if (peek() != c) {
                throw FALLBACK;
            }
            pos++;
        }

        /** JSON whitespace: space, tab, line feed, carriage return, and nothing else. */
        private void skipWhitespace() {
            while (pos < n) {
                byte c = b[pos];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                pos++;
            }
        }

        private void colon() {
            skipWhitespace();
            expect(':');
            skipWhitespace();
        }

        /**
         * After a member's value: true at a comma (then at the next member's name), false at the
         * object's end.
         */
        private boolean nextMember() {
            skipWhitespace();
            int c = peek();
            pos++;
            if (c == ',') {
                skipWhitespace();
                return true;
            }
            if (c == '}') {
                return false;
            }
            throw FALLBACK;
        }

        /** Whether the value here is {@code null} (then read). */
        private boolean nullLiteral() {
            if (pos + 4 <= n
                    && b[pos] == 'n'
                    && b[pos + 1] == 'u'
                    && b[pos + 2] == 'l'
                    && b[pos + 3] == 'l') {
                pos += 4;
                return true;
            }
            return false;
        }

        /** The number of a top-level field's name; any other name is left to the tree. */
        private int fieldName() {
            scanString();
            int length = end - start;
            if (length <= 16) { // the longest name has 16 bytes: the two words are all of it
                long first = first(b, start, end);
                long last = last(b, start, end);
                for (int field = 0; field < FIELD_NAMES.length; field++) {
                    if (FIELD_NAMES[field].length == length
                            && FIELD_FIRST[field] == first
                            && FIELD_LAST[field] == last) {
                        return field;
                    }
                }
            }
            throw FALLBACK; // unknown (the tree decoder ignores it, within its parser's limits)
        }

        /**
         * Scans the string that starts here; sets start, end and plain. A raw control character
         * (which JSON forbids) leaves the payload to the tree; escapes are decoded later.
         */
        private void scanString() {
            expect('"');
            int i = pos;
            boolean ascii = true;
            while (true) {
                if (i + 8 <= n) {
                    // eight bytes at a time up to the first quote, backslash or control
                    long word = (long) LONGS.get(b, i);
                    long stops = stringStops(word);
                    if (stops == 0) {
                        ascii &= plainBytes(word, -1L);
                        i += 8;
                        continue;
                    }
                    int k = Long.numberOfTrailingZeros(stops) >>> 3;
                    ascii &= plainBytes(word, (1L << (8 * k)) - 1);
                    i += k;
                }
                if (i >= n) {
                    throw FALLBACK;
                }
                byte c = b[i];
                if (c == '"') {
                    break;
                }
                if (c >= 0 && c < 0x20) {
                    throw FALLBACK;
                }
                if (c == '\\') {
                    // the escaped character is part of the string (a quote does not end it); the
                    // escape is checked when the string is decoded
                    ascii = false;
                    i++;
                    if (i >= n || b[i] < 0x20) {
                        throw FALLBACK;
                    }
                } else {
                    ascii &= c > 0 && c != 0x7F;
                }
                i++;
            }
            start = pos;
            end = i;
            plain = ascii;
            pos = i + 1;
        }

        /** A string value of at most {@code maxLength} chars. */
        private String text(int maxLength) {
            scanString();
            String text = decodeText(b, start, end, plain);
            if (text.length() > maxLength) {
                throw FALLBACK;
            }
            return text;
        }

        /** A string value within the string limit; a valid category when {@code category}. */
        private String value(boolean category) {
            scanString();
            if (end - start > MAX_CACHED_BYTES) {
                String text = decodeText(b, start, end, plain);
                if (text.length() > limits.maxStringLength()) {
                    throw FALLBACK;
                }
                return category ? EventDecoder.checkCategory(text, "") : text;
            }
            Entry entry = VALUES.get(b, start, end, plain);
            if ((category && !entry.valid) || entry.text.length() > limits.maxStringLength()) {
                throw FALLBACK;
            }
            return entry.text;
        }

        private String modelName() {
            scanString();
            if (end - start > MAX_CACHED_BYTES) {
                String text = decodeText(b, start, end, plain);
                if (text.length() > limits.maxStringLength()) {
                    throw FALLBACK;
                }
                return EventDecoder.checkModelName(text);
            }
            Entry entry = MODELS.get(b, start, end, plain);
            if (!entry.valid || entry.text.length() > limits.maxStringLength()) {
                throw FALLBACK;
            }
            return entry.text;
        }

        /** A producer-chosen map key that the tree decoder would accept. */
        private String key() {
            scanString();
            String key;
            if (end - start > MAX_CACHED_BYTES) {
                key = decodeText(b, start, end, plain);
                if (key.isEmpty() || EventDecoder.Keys.NAME.problem(key) != null) {
                    throw FALLBACK;
                }
            } else {
                Entry entry = NAMES.get(b, start, end, plain);
                if (!entry.valid) {
                    throw FALLBACK;
                }
                key = entry.text;
            }
            if (key.length() > limits.maxKeyLength()) {
                throw FALLBACK;
            }
            colon();
            return key;
        }

        private FeatureValue featureValue() {
            if (peek() == '"') {
                return new FeatureValue.Categorical(value(true));
            }
            return new FeatureValue.Numeric(number());
        }

        private Map<String, FeatureValue> features() {
            expect('{');
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return Map.of();
            }
            FeedbackEvent.Features out = new FeedbackEvent.Features(16);
            do {
                String key = key();
                if (out.size() == limits.maxFeatures()) {
                    throw FALLBACK;
                }
                FeatureValue value = nullLiteral() ? FeatureValue.MISSING : featureValue();
                if (!out.put(key, value)) {
                    throw FALLBACK; // a duplicate feature
                }
            } while (nextMember());
            return out.build();
        }

        private Map<String, String> segment() {
            expect('{');
            skipWhitespace();
            Map<String, String> out = new LinkedHashMap<>(8);
            if (peek() == '}') {
                pos++;
                return out;
            }
            do {
                String key = key();
                if (out.size() == limits.maxLabels()) {
                    throw FALLBACK;
                }
                if (peek() != '"') {
                    throw FALLBACK; // null or not a string
                }
                if (out.put(key, value(false)) != null) {
                    throw FALLBACK; // a duplicate segment key
                }
            } while (nextMember());
            return out;
        }

        // ---- numbers ---------------------------------------------------------------------

        /** Significant digits a number may have here; more are left to the tree. */
        private static final int MAX_DIGITS = 18;

        /** Longest number handled here (the parser refuses numbers beyond its own limit). */
        private static final int MAX_NUMBER_BYTES = 100;

        // the last number scanned: sign, significant digits (at most MAX_DIGITS, else many),
        // decimal exponent, and whether it was a JSON integer (no fraction, no exponent)
        private boolean negative;
        private long digits;
        private boolean many;
        private int exponent;
        private boolean integral;
        private int numberStart;

        /** A JSON integer that fits a long (schema, ts). */
        private long integer() {
            scanNumber();
            if (!integral || many) {
                throw FALLBACK;
            }
            return negative ? -digits : digits;
        }

        /** A finite JSON number as the tree reads it (a double, exact to the last bit). */
        private double number() {
            scanNumber();
            double value;
            if (integral) {
                // an integer token is read as a long (so -0 is 0.0) or a BigInteger, converted
                // with correct rounding, like the decimal text itself
                value = many ? slowDouble() : (double) (negative ? -digits : digits);
            } else if (many) {
                value = slowDouble();
            } else {
                value = Doubles.toDouble(negative, digits, exponent);
                if (Double.isNaN(value)) {
                    value = slowDouble();
                }
            }
            if (!Double.isFinite(value)) {
                throw FALLBACK;
            }
            return value;
        }

        private double slowDouble() {
            return Double.parseDouble(
                    new String(b, numberStart, pos - numberStart, StandardCharsets.US_ASCII));
        }

        /** Scans a number of strict JSON grammar: {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}. */
        private void scanNumber() {
            numberStart = pos;
            negative = peek() == '-';
            if (negative) {
                pos++;
            }
            long m = 0;
            int count = 0;
            int exp = 0;
            boolean tooMany = false;
            int c = peek();
            if (c == '0') {
                pos++;
            } else if (c >= '1' && c <= '9') {
                long word;
                while (count <= MAX_DIGITS - 8
                        && pos + 8 <= n
                        && eightDigits(word = (long) LONGS.get(b, pos))) {
                    m = 100_000_000L * m + eightDigitsValue(word);
                    count += 8;
                    pos += 8;
                }
                while (pos < n && (c = b[pos]) >= '0' && c <= '9') {
                    if (count < MAX_DIGITS) {
                        m = 10 * m + (c - '0');
                        count++;
                    } else {
                        tooMany = true;
                    }
                    pos++;
                }
            } else {
                throw FALLBACK;
            }
            boolean isInteger = true;
            if (pos < n && b[pos] == '.') {
                isInteger = false;
                pos++;
                int first = pos;
                long word;
                // eight digits at a time (leading zeros are counted here: at worst a number
                // goes the slow way)
                while (count <= MAX_DIGITS - 8
                        && pos + 8 <= n
                        && eightDigits(word = (long) LONGS.get(b, pos))) {
                    m = 100_000_000L * m + eightDigitsValue(word);
                    count += 8;
                    exp -= 8;
                    pos += 8;
                }
                while (pos < n && (c = b[pos]) >= '0' && c <= '9') {
                    if (m == 0 && c == '0') {
                        exp--; // a leading zero of the fraction: only the scale changes
                    } else if (count < MAX_DIGITS) {
                        m = 10 * m + (c - '0');
                        count++;
                        exp--;
                    } else {
                        tooMany = true;
                    }
                    pos++;
                }
                if (pos == first) {
                    throw FALLBACK; // "1."
                }
            }
            if (pos < n && (b[pos] == 'e' || b[pos] == 'E')) {
                isInteger = false;
                pos++;
                boolean negativeExponent = false;
                if (pos < n && (b[pos] == '+' || b[pos] == '-')) {
                    negativeExponent = b[pos] == '-';
                    pos++;
                }
                int first = pos;
                int e = 0;
                while (pos < n && (c = b[pos]) >= '0' && c <= '9') {
                    if (e < 100_000) {
                        e = 10 * e + (c - '0');
                    }
                    pos++;
                }
                if (pos == first) {
                    throw FALLBACK; // "1e"
                }
                exp += negativeExponent ? -e : e;
            }
            if (pos - numberStart > MAX_NUMBER_BYTES) {
                throw FALLBACK;
            }
            digits = m;
            many = tooMany;
            exponent = exp;
            integral = isInteger;
        }
    }
}
