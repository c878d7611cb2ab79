package io.driftline.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the top-level {@code ts} of a payload with a scan over its bytes, for {@link
 * EventJson#eventTime}: the Kafka source reads it for every record, and a parser was most of that
 * cost.
 *
 * <p>It reads exactly what the streaming parser reads on the way to the field (the members before
 * it, validated as strictly as the parser validates them, and the value) and gives the same answer.
 * Where it is not sure it would (an escape in a string, deep nesting, a long name or number,
 * anything malformed) it says so, and the caller asks the parser.
 */
final class EventTimeScan {

    private EventTimeScan() {}

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Thrown (one instance, no stack trace) where the scan leaves a payload to the parser. */
    static final class Unsure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Unsure() {
            super("left to the parser", null, false, false);
        }
    }

    static final Unsure UNSURE = new Unsure();

    /** Nesting the parser accepts ({@link EventJson#MAX_NESTING_DEPTH}); the root is depth 1. */
    private static final int MAX_DEPTH = EventJson.MAX_NESTING_DEPTH;

    /** Longest name read here; the parser limits names too (to far more). */
    private static final int MAX_NAME_BYTES = 1000;

    /** Longest number read here; the parser limits numbers too (to 1000 digits). */
    private static final int MAX_NUMBER_BYTES = 100;

    /**
     * The integral top-level {@code ts} of a strict UTF-8 payload, or {@link
     * EventJson#NO_EVENT_TIME}.
     *
     * @throws Unsure where the parser must decide
     */
    static long eventTime(byte[] b) {
        int n = b.length;
        int i = whitespace(b, 0);
        if (i >= n || b[i] != '{') {
            return EventJson.NO_EVENT_TIME; // empty, malformed, or not an object
        }
        i = whitespace(b, i + 1);
        if (i < n && b[i] == '}') {
            return EventJson.NO_EVENT_TIME; // no fields
        }
        while (true) {
            if (i >= n || b[i] != '"') {
                throw UNSURE;
            }
            int nameStart = i + 1;
            i = string(b, i, true);
            boolean ts = i - nameStart == 3 && b[nameStart] == 't' && b[nameStart + 1] == 's';
            i = whitespace(b, i);
            if (i >= n || b[i] != ':') {
                throw UNSURE;
            }
            i = whitespace(b, i + 1);
            if (ts) {
                return value(b, i);
            }
            i = whitespace(b, skip(b, i, 1));
            if (i >= n) {
                throw UNSURE;
            }
            if (b[i] == '}') {
                return EventJson.NO_EVENT_TIME; // the object ends without a ts
            }
            if (b[i] != ',') {
                throw UNSURE;
            }
            i = whitespace(b, i + 1);
        }
    }

    /**
     * The value of {@code ts} at {@code i} as the parser reads it: the integer token's value when
     * it fits a long; else (a float, another type, a malformed number) no event time.
     */
    private static long value(byte[] b, int i) {
        int n = b.length;
        boolean negative = i < n && b[i] == '-';
        int first = negative ? i + 1 : i;
        if (first >= n || b[first] < '0' || b[first] > '9') {
            return EventJson.NO_EVENT_TIME; // not a number, or a malformed one
        }
        int j = first;
        long value = 0;
        if (b[j] == '0') {
            j++;
            if (j < n && b[j] >= '0' && b[j] <= '9') {
                return EventJson.NO_EVENT_TIME; // a leading zero: malformed
            }
        } else {
            while (j < n && b[j] >= '0' && b[j] <= '9') {
                if (j - first == 19) {
                    return EventJson.NO_EVENT_TIME; // beyond a long (or the parser's limit)
                }
                value = 10 * value + (b[j] - '0');
                j++;
            }
        }
        // the parser reads an integer token without looking further, but a fraction or an
        // exponent makes a float token (or a malformed one)
        if (j < n && (b[j] == '.' || b[j] == 'e' || b[j] == 'E')) {
            return EventJson.NO_EVENT_TIME;
        }
        if (j - first == 19) {
            // nineteen digits: a long only up to its limit, which the accumulation overflows
            try {
                return Long.parseLong(
                        new String(b, i, j - i, java.nio.charset.StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return EventJson.NO_EVENT_TIME;
            }
        }
        return negative ? -value : value;
    }

    private static int whitespace(byte[] b, int i) {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Skips the string whose quote is at {@code i}; the index after its closing quote. An escape is
     * left to the parser (which checks it), as is a raw control character (which it refuses).
     */
    private static int string(byte[] b, int i, boolean name) {
        int n = b.length;
        int start = ++i;
        while (true) {
            if (i + 8 <= n) {
                // eight bytes at a time up to the first quote, backslash or control
                long stops = FeedbackFastPath.stringStops((long) LONGS.get(b, i));
                if (stops == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(stops) >>> 3;
            }
            if (i >= n) {
                throw UNSURE;
            }
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                throw UNSURE;
            }
            i++;
        }
        if (name && i - start > MAX_NAME_BYTES) {
            throw UNSURE;
        }
        return i + 1;
    }

    /** Skips the value at {@code i}, checked as the parser checks it; the index after it. */
    private static int skip(byte[] b, int i, int depth) {
        int n = b.length;
        if (i >= n) {
            throw UNSURE;
        }
        switch (b[i]) {
            case '"':
                return string(b, i, false);
            case '{':
                return container(b, i, depth, '}');
            case '[':
                return container(b, i, depth, ']');
            case 't':
                return literal(b, i, "true");
            case 'f':
                return literal(b, i, "false");
            case 'n':
                return literal(b, i, "null");
            default:
                return number(b, i);
        }
    }

    /** Skips the object or array at {@code i}. */
    private static int container(byte[] b, int i, int depth, char close) {
        if (depth + 1 > MAX_DEPTH) {
            throw UNSURE;
        }
        int n = b.length;
        i = whitespace(b, i + 1);
        if (i < n && b[i] == close) {
            return i + 1;
        }
        while (true) {
            if (close == '}') {
                if (i >= n || b[i] != '"') {
                    throw UNSURE;
                }
                i = whitespace(b, string(b, i, true));
                if (i >= n || b[i] != ':') {
                    throw UNSURE;
                }
                i = whitespace(b, i + 1);
            }
            i = whitespace(b, skip(b, i, depth + 1));
            if (i >= n) {
                throw UNSURE;
            }
            if (b[i] == close) {
                return i + 1;
            }
            if (b[i] != ',') {
                throw UNSURE;
            }
            i = whitespace(b, i + 1);
        }
    }

    private static int literal(byte[] b, int i, String word) {
        if (i + word.length() > b.length) {
            throw UNSURE;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                throw UNSURE;
            }
        }
        return i + word.length();
    }

    /** Skips a number of strict JSON grammar: {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}. */
    private static int number(byte[] b, int i) {
        int n = b.length;
        int start = i;
        if (i < n && b[i] == '-') {
            i++;
        }
        if (i < n && b[i] == '0') {
            i++;
        } else if (i < n && b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i);
        } else {
            throw UNSURE;
        }
        if (i < n && b[i] == '.') {
            int first = i + 1;
            i = digits(b, first);
            if (i == first) {
                throw UNSURE;
            }
        }
        if (i < n && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int first = i;
            i = digits(b, first);
            if (i == first) {
                throw UNSURE;
            }
        }
        if (i - start > MAX_NUMBER_BYTES) {
            throw UNSURE;
        }
        return i;
    }

    private static int digits(byte[] b, int i) {
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }
}
