package io.driftline.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes a plain, valid {@link FeedbackEvent} in one streaming pass, without building a tree: the
 * drift and ingest jobs read every feedback record, and the tree was most of their cost.
 *
 * <p>It accepts only what the tree decoder ({@link EventDecoder}) accepts, with the same checks
 * (the same parser constraints; duplicate fields, which the tree's parser refuses, are refused here
 * by noticing them; the same text, name, id, length and range rules), and builds the same event.
 * Anything else — an unknown field, a value of an unexpected type, any rule broken — returns {@code
 * null}, and the caller decodes the payload with the tree decoder, which finds the reason. So the
 * fast path never decides that a record is invalid, nor words a reason; a property test holds it to
 * the tree decoder.
 */
final class FeedbackFastPath {

    private FeedbackFastPath() {}

    /**
     * The event, or null when the payload is not a plain valid feedback event (the tree decoder
     * then judges it). The payload's size and encoding were checked already.
     */
    static FeedbackEvent decode(JsonFactory factory, byte[] json, EventLimits limits) {
        try (JsonParser p = factory.createParser(json)) {
            return decode(p, limits);
        } catch (IOException | RuntimeException e) {
            return null; // malformed, or a rule broken: the tree decoder says which
        }
    }

    private static FeedbackEvent decode(JsonParser p, EventLimits limits) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
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
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int field = field(name);
            if (field < 0 || (seen & (1 << field)) != 0) {
                return null; // unknown (the tree decoder's constraints apply to it) or repeated
            }
            seen |= 1 << field;
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue; // null is absent, as in the tree decoder
            }
            switch (field) {
                case SCHEMA -> {
                    if (integral(p, value) != EventJson.SCHEMA_VERSION) {
                        return null;
                    }
                }
                case EVENT_ID -> eventId = text(p, value, Integer.MAX_VALUE);
                case MODEL -> model = text(p, value, limits.maxStringLength());
                case MODEL_VERSION -> modelVersion = text(p, value, limits.maxStringLength());
                case TS -> ts = integral(p, value);
                case FEATURES -> features = features(p, value, limits);
                case PREDICTION -> prediction = featureValue(p, value, limits);
                case CONFIDENCE_SCORE -> confidence = number(p, value);
                case ACTUAL -> actual = featureValue(p, value, limits);
                default -> segment = segment(p, value, limits); // SEGMENT
            }
            if (features == null || segment == null) {
                return null;
            }
        }
        if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
            return null;
        }
        if (eventId == null
                || model == null
                || ts < 0
                || ts > EventDecoder.MAX_TIMESTAMP
                || (confidence != null && (confidence < 0.0 || confidence > 1.0))
                || (prediction == null && actual == null)
                || (prediction != null && features.isEmpty())) {
            return null;
        }
        EventDecoder.checkId(eventId, "event_id");
        EventDecoder.checkModelName(model);
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

    /**
     * The field's number (its bit in the set of fields seen), or -1 for a field feedback does not
     * have.
     */
    private static int field(String name) {
        return switch (name) {
            case "schema" -> SCHEMA;
            case "event_id" -> EVENT_ID;
            case "model" -> MODEL;
            case "model_version" -> MODEL_VERSION;
            case "ts" -> TS;
            case "features" -> FEATURES;
            case "prediction" -> PREDICTION;
            case "confidence_score" -> CONFIDENCE_SCORE;
            case "actual" -> ACTUAL;
            case "segment" -> SEGMENT;
            default -> -1;
        };
    }

    /** A string (checked text within {@code maxLength}), or an exception. */
    private static String text(JsonParser p, JsonToken value, int maxLength) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new InvalidEventException("not a string");
        }
        String text = p.getText();
        if (text.length() > maxLength) {
            throw new InvalidEventException("too long");
        }
        return EventDecoder.checkText(text, "");
    }

    private static long integral(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT
                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new InvalidEventException("not a 64-bit integer");
        }
        return p.getLongValue();
    }

    private static double number(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InvalidEventException("not a number");
        }
        double number = p.getDoubleValue();
        if (!Double.isFinite(number)) {
            throw new InvalidEventException("not finite");
        }
        return number;
    }

    private static FeatureValue featureValue(JsonParser p, JsonToken value, EventLimits limits)
            throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return new FeatureValue.Categorical(
                    EventDecoder.checkCategory(text(p, value, limits.maxStringLength()), ""));
        }
        return new FeatureValue.Numeric(number(p, value));
    }

    private static Map<String, FeatureValue> features(
            JsonParser p, JsonToken value, EventLimits limits) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        FeedbackEvent.Features out = new FeedbackEvent.Features(16);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = key(p, limits);
            if (key == null || out.size() == limits.maxFeatures()) {
                return null;
            }
            JsonToken v = p.nextToken();
            FeatureValue feature =
                    v == JsonToken.VALUE_NULL ? FeatureValue.MISSING : featureValue(p, v, limits);
            if (!out.put(key, feature)) {
                return null; // a duplicate feature
            }
        }
        return out.build();
    }

    private static Map<String, String> segment(JsonParser p, JsonToken value, EventLimits limits)
            throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>(8);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = key(p, limits);
            if (key == null || out.size() == limits.maxLabels()) {
                return null;
            }
            if (out.put(key, text(p, p.nextToken(), limits.maxStringLength())) != null) {
                return null; // a duplicate segment key
            }
        }
        return out;
    }

    /** A producer-chosen map key that the tree decoder would accept, or null. */
    private static String key(JsonParser p, EventLimits limits) throws IOException {
        String key = p.currentName();
        if (key.isEmpty()
                || key.length() > limits.maxKeyLength()
                || EventDecoder.Keys.NAME.problem(key) != null) {
            return null;
        }
        return key;
    }
}
