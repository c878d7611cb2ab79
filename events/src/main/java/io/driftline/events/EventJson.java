package io.driftline.events;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes every Driftline wire message as JSON; thread-safe, one shared mapper.
 *
 * <p>Parsing never throws on bad input: it returns {@link ParseResult.Invalid} with a reason from
 * the vocabulary in the package documentation. Writing puts {@code "schema": 1} first.
 *
 * <pre>{@code
 * ParseResult<FeedbackEvent> result = EventJson.parseFeedback(record.value());
 * if (result.isValid()) {
 *     out.collect(result.value());
 * } else {
 *     deadLetters.collect(DeadLetter.of(topic, partition, offset, record.value(), result.reason(), now));
 * }
 * }</pre>
 */
public final class EventJson {

    /** The schema version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    /** Deepest JSON nesting accepted; the contracts need 5, unknown fields get some room. */
    static final int MAX_NESTING_DEPTH = 64;

    private static final Set<Class<?>> EVENT_TYPES =
            Set.of(
                    FeedbackEvent.class,
                    MetricSample.class,
                    DriftReport.class,
                    RetrainTrigger.class,
                    RetrainStatus.class,
                    ModelPublished.class,
                    DeadLetter.class,
                    Alert.class);

    private static final JsonMapper MAPPER =
            JsonMapper.builder(
                            factoryBuilder()
                                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                    .build())
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    /**
     * The same parser settings without the parser's duplicate-field detection: for the streaming
     * read of the event time where its scan is not sure ({@link #eventTimeByParser}), which does
     * not care about duplicates.
     */
    private static final JsonFactory LEAN = factoryBuilder().build();

    private static JsonFactoryBuilder factoryBuilder() {
        return new JsonFactoryBuilder()
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // exact (correctly rounded) like the JDK's parser, several times faster
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .streamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    private EventJson() {}

    public static ParseResult<FeedbackEvent> parseFeedback(byte[] json) {
        return parse(json, FeedbackEvent.class, EventLimits.DEFAULTS);
    }

    public static ParseResult<FeedbackEvent> parseFeedback(byte[] json, EventLimits limits) {
        return parse(json, FeedbackEvent.class, limits);
    }

    public static ParseResult<MetricSample> parseMetric(byte[] json) {
        return parse(json, MetricSample.class, EventLimits.DEFAULTS);
    }

    public static ParseResult<MetricSample> parseMetric(byte[] json, EventLimits limits) {
        return parse(json, MetricSample.class, limits);
    }

    public static ParseResult<DriftReport> parseDriftReport(byte[] json) {
        return parse(json, DriftReport.class, EventLimits.DEFAULTS);
    }

    public static ParseResult<DriftReport> parseDriftReport(byte[] json, EventLimits limits) {
        return parse(json, DriftReport.class, limits);
    }

    public static ParseResult<RetrainTrigger> parseRetrainTrigger(byte[] json) {
        return parse(json, RetrainTrigger.class, EventLimits.DEFAULTS);
    }

    public static ParseResult<RetrainTrigger> parseRetrainTrigger(byte[] json, EventLimits limits) {
        return parse(json, RetrainTrigger.class, limits);
    }

    public static ParseResult<RetrainStatus> parseRetrainStatus(byte[] json) {
        return parse(json, RetrainStatus.class, EventLimits.DEFAULTS);
    }

    public static ParseResult<RetrainStatus> parseRetrainStatus(byte[] json, EventLimits limits) {
        return parse(json, RetrainStatus.class, limits);
    }

    public static ParseResult<ModelPublished> parseModelPublished(byte[] json) {
        return parse(json, ModelPublished.class, EventLimits.DEFAULTS);
    }

    public static ParseResult<ModelPublished> parseModelPublished(byte[] json, EventLimits limits) {
        return parse(json, ModelPublished.class, limits);
    }

    public static ParseResult<DeadLetter> parseDeadLetter(byte[] json) {
        return parse(json, DeadLetter.class, EventLimits.DEFAULTS);
    }

    public static ParseResult<DeadLetter> parseDeadLetter(byte[] json, EventLimits limits) {
        return parse(json, DeadLetter.class, limits);
    }

    public static ParseResult<Alert> parseAlert(byte[] json) {
        return parse(json, Alert.class, EventLimits.DEFAULTS);
    }

    public static ParseResult<Alert> parseAlert(byte[] json, EventLimits limits) {
        return parse(json, Alert.class, limits);
    }

    /** The last {@link #parseOnce} of each thread: payload, type, limits, result. */
    private static final ThreadLocal<Object[]> LAST_PARSE =
            ThreadLocal.withInitial(() -> new Object[4]);

    /**
     * {@link #parse(byte[], Class, EventLimits)}, remembering the last result on this thread: a
     * payload two stages of one thread read (the source's event time, then validation) is parsed
     * once. The same array with the same type and limits gives the same result, so the array must
     * not be changed once parsed (payloads off Kafka never are).
     */
    @SuppressWarnings("unchecked")
    public static <T> ParseResult<T> parseOnce(byte[] json, Class<T> type, EventLimits limits) {
        Object[] last = LAST_PARSE.get();
        if (json != null && last[0] == json && last[1] == type && limits.equals(last[2])) {
            return (ParseResult<T>) last[3];
        }
        ParseResult<T> result = parse(json, type, limits);
        last[0] = json;
        last[1] = type;
        last[2] = limits;
        last[3] = result;
        return result;
    }

    /**
     * Parses and validates one message of {@code type}, for code generic over the message types
     * (e.g. one Kafka deserialization schema for all of them).
     *
     * @throws IllegalArgumentException if {@code type} is not a wire message type
     */
    public static <T> ParseResult<T> parse(byte[] json, Class<T> type, EventLimits limits) {
        checkEventType(type);
        Objects.requireNonNull(limits, "limits");
        if (json == null) {
            return new ParseResult.Invalid<>("malformed json: null payload");
        }
        if (json.length > limits.maxPayloadBytes()) {
            return new ParseResult.Invalid<>(
                    "payload too large: "
                            + json.length
                            + " > "
                            + limits.maxPayloadBytes()
                            + " bytes");
        }
        String encoding = StrictUtf8.problem(json);
        if (encoding != null) {
            return new ParseResult.Invalid<>("invalid encoding: " + encoding);
        }
        if (type == FeedbackEvent.class) {
            // the high-volume message: one byte scan when it is plain and valid
            FeedbackEvent event = FeedbackFastPath.decode(json, limits);
            if (event != null) {
                return new ParseResult.Valid<>(type.cast(event));
            }
        }
        return parseTree(json, type, limits);
    }

    /**
     * Parses a payload of checked size and encoding into a tree and decodes it: every message type,
     * and feedback the fast path left to it (this finds the reason).
     */
    static <T> ParseResult<T> parseTree(byte[] json, Class<T> type, EventLimits limits) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (StreamConstraintsException e) {
            return new ParseResult.Invalid<>(
                    "payload too complex: " + constraint(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            return new ParseResult.Invalid<>(describe(e));
        } catch (IOException e) {
            return new ParseResult.Invalid<>("malformed json: unreadable input");
        }
        return decode(root, type, limits);
    }

    /** Decodes a parsed tree of one message of {@code type}: the part shared with documents. */
    static <T> ParseResult<T> decode(JsonNode root, Class<T> type, EventLimits limits) {
        if (root == null || root.isMissingNode()) {
            return new ParseResult.Invalid<>("malformed json: empty payload");
        }
        if (!root.isObject()) {
            return new ParseResult.Invalid<>(
                    "not an object: got "
                            + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        try {
            checkSchema(root.get("schema"));
            return new ParseResult.Valid<>(type.cast(new EventDecoder(limits).decode(type, root)));
        } catch (InvalidEventException e) {
            return new ParseResult.Invalid<>(e.reason());
        } catch (RuntimeException e) {
            // A bug here must not take a job down on one record; the record goes to the dead
            // letters.
            return new ParseResult.Invalid<>("unexpected error: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Serializes a wire message: {@code "schema": 1} first, snake_case fields, nulls explicit.
     *
     * @throws IllegalArgumentException if {@code event} is not a wire message or holds NaN or an
     *     infinity, which JSON cannot carry
     */
    public static byte[] toJson(Object event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator generator =
                MAPPER.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            new EventEncoder(generator).write(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A wire message as a tree, written by the same encoder as {@link #toJson}. */
    static JsonNode toTree(Object event) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            new EventEncoder(buffer).write(event);
            return MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tree as JSON bytes. */
    static byte[] toJson(JsonNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #eventTime} returns when a payload has no usable top-level {@code ts}. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    /**
     * The top-level {@code ts} of a payload, read with a byte scan that stops at the field (no
     * tree, no validation beyond the members before it), for per-partition watermarks at the
     * source. Anything that is not strict UTF-8 JSON with an integral top-level {@code ts} gives
     * {@link #NO_EVENT_TIME}; the record is judged properly downstream.
     */
    public static long eventTime(byte[] json) {
        if (json == null || json.length == 0 || StrictUtf8.problem(json) != null) {
            return NO_EVENT_TIME;
        }
        try {
            return EventTimeScan.eventTime(json);
        } catch (EventTimeScan.Unsure e) {
            return eventTimeByParser(json); // unusual input: the parser decides
        }
    }

    /**
     * {@link #eventTime} with the streaming parser: the reference for the scan, and its answer
     * where the scan is not sure. The payload's encoding was checked.
     */
    static long eventTimeByParser(byte[] json) {
        try (JsonParser parser = LEAN.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NO_EVENT_TIME;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("ts".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT
                                    && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? parser.getLongValue()
                            : NO_EVENT_TIME;
                }
                parser.skipChildren();
            }
            return NO_EVENT_TIME;
        } catch (IOException | RuntimeException e) {
            return NO_EVENT_TIME;
        }
    }

    /** {@link #toJson} as a string. */
    public static String toJsonString(Object event) {
        return new String(toJson(event), StandardCharsets.UTF_8);
    }

    /** {@link #validate(Object, EventLimits)} with the default limits. */
    public static Optional<String> validate(Object event) {
        return validate(event, EventLimits.DEFAULTS);
    }

    /**
     * Checks a message built in code against the same rules a consumer applies, so a producer can
     * refuse to send what would be dead-lettered.
     *
     * @return the reason it would be rejected, or empty when valid
     * @throws IllegalArgumentException if {@code event} is not a wire message
     */
    public static Optional<String> validate(Object event, EventLimits limits) {
        Objects.requireNonNull(event, "event");
        checkEventType(event.getClass());
        byte[] json;
        try {
            json = toJson(event);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        ParseResult<?> result = parse(json, event.getClass(), limits);
        return result.isValid() ? Optional.empty() : Optional.of(result.reason());
    }

    static void checkEventType(Class<?> type) {
        if (!EVENT_TYPES.contains(Objects.requireNonNull(type, "type"))) {
            throw new IllegalArgumentException("not a driftline event type: " + type.getName());
        }
    }

    private static void checkSchema(JsonNode schema) {
        if (schema == null || schema.isNull()) {
            return; // a producer that predates the field speaks version 1
        }
        if (!schema.isIntegralNumber()) {
            throw EventDecoder.invalid(
                    "wrong type: schema (expected integer, got "
                            + schema.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                            + ")");
        }
        if (!schema.canConvertToLong() || schema.longValue() != SCHEMA_VERSION) {
            throw EventDecoder.invalid(
                    "unsupported schema version " + EventDecoder.quote(schema.asText()));
        }
    }

    /** A reason for a parser failure that names the field where one is known. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String path =
                e.getProcessor() instanceof JsonParser parser
                        ? path(parser.getParsingContext())
                        : "";
        if (message.startsWith("Duplicate field") && !path.isEmpty()) {
            return "duplicate field: " + path;
        }
        if (message.startsWith("Non-standard token")) {
            return "non-finite number in " + (path.isEmpty() ? "payload" : path);
        }
        JsonLocation location = e.getLocation();
        String where =
                location == null
                        ? ""
                        : " at line " + location.getLineNr() + " column " + location.getColumnNr();
        return "malformed json: " + syntaxError(message) + where;
    }

    /**
     * A fixed description of a syntax error. Jackson's own wording changes between versions and
     * quotes the offending token, so reasons use these words instead.
     */
    private static String syntaxError(String message) {
        if (message.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        } else if (message.startsWith("Trailing token")) {
            return "trailing content after the object";
        } else if (message.startsWith("Unrecognized token")) {
            return "unrecognized token";
        } else if (message.startsWith("Unexpected character")) {
            return "unexpected character";
        } else if (message.startsWith("Illegal unquoted character")) {
            return "unescaped control character in string";
        } else if (message.startsWith("Invalid UTF-8") || message.startsWith("Invalid UTF8")) {
            return "invalid utf-8";
        } else if (message.startsWith("Invalid numeric value")) {
            return "invalid number";
        }
        return "syntax error";
    }

    private static String constraint(String message) {
        String text = message == null ? "" : message;
        if (text.contains("nesting depth")) {
            return "nesting deeper than " + MAX_NESTING_DEPTH;
        } else if (text.startsWith("Number value length") || text.startsWith("Number length")) {
            return "number too long";
        } else if (text.startsWith("String value length") || text.startsWith("String length")) {
            return "string too long";
        } else if (text.startsWith("Name length")) {
            return "field name too long";
        }
        return "parser limit exceeded";
    }

    /** The dotted path of a parser position, e.g. {@code features.age} or {@code features[2]}. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst("." + EventDecoder.quote(c.getCurrentName()));
            } else if (c.inArray()) {
                parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
