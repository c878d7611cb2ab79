package io.driftline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;

/**
 * The one codec between Driftline's messages and MongoDB documents: a document is the message's
 * JSON contract field for field (snake_case, {@code "schema": 1}), built from the same encoder as
 * {@link EventJson#toJson} and read by the same decoder and validation as a Kafka record, without a
 * JSON string in between. Reading, {@code _id} is ignored and BSON dates become epoch milliseconds;
 * a document that does not fit the contract is {@link ParseResult.Invalid} with the same reasons a
 * Kafka record gets.
 *
 * <p>{@code BsonDocument document = EventDocuments.toDocument(trigger); ParseResult<RetrainTrigger>
 * back = EventDocuments.fromDocument(document, RetrainTrigger.class); }
 */
public final class EventDocuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DocumentCodec DOCUMENTS = new DocumentCodec();
    private static final DecoderContext DECODING = DecoderContext.builder().build();

    private EventDocuments() {}

    /**
     * A wire message as a document (without {@code _id}).
     *
     * @throws IllegalArgumentException if {@code event} is not a wire message or holds NaN or an
     *     infinity
     */
    public static BsonDocument toDocument(Object event) {
        return toBson(EventJson.toTree(event)).asDocument();
    }

    /**
     * {@link #toDocument} as a driver {@link Document}, for code written against that API (the
     * trainer's stores).
     */
    public static Document toMongoDocument(Object event) {
        return DOCUMENTS.decode(new BsonDocumentReader(toDocument(event)), DECODING);
    }

    /** Reads and validates one message of {@code type} from a driver {@link Document}. */
    public static <T> ParseResult<T> fromDocument(Document document, Class<T> type) {
        return fromDocument(
                document == null ? null : document.toBsonDocument(), type, EventLimits.DEFAULTS);
    }

    /** {@link #fromDocument(BsonDocument, Class, EventLimits)} with the default limits. */
    public static <T> ParseResult<T> fromDocument(BsonDocument document, Class<T> type) {
        return fromDocument(document, type, EventLimits.DEFAULTS);
    }

    /**
     * Reads and validates one message of {@code type} from a document.
     *
     * @throws IllegalArgumentException if {@code type} is not a wire message type
     */
    public static <T> ParseResult<T> fromDocument(
            BsonDocument document, Class<T> type, EventLimits limits) {
        EventJson.checkEventType(type);
        if (document == null) {
            return new ParseResult.Invalid<>("malformed json: null payload");
        }
        JsonNode tree;
        try {
            tree = toTree(document, "", false);
        } catch (InvalidEventException e) {
            return new ParseResult.Invalid<>(e.reason());
        }
        return EventJson.decode(tree, type, limits);
    }

    /**
     * A document as the JSON bytes of the message it stores ({@code _id} left out, dates as epoch
     * milliseconds), for sources that hand raw records to the validation step; unreadable values
     * become {@code null} there and fail validation with the field's name.
     */
    public static byte[] toJson(BsonDocument document) {
        return EventJson.toJson(toTree(document, "", true));
    }

    private static BsonValue toBson(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                BsonDocument document = new BsonDocument();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    document.put(field.getKey(), toBson(field.getValue()));
                }
                yield document;
            }
            case ARRAY -> {
                BsonArray array = new BsonArray();
                node.forEach(element -> array.add(toBson(element)));
                yield array;
            }
            case STRING -> new BsonString(node.textValue());
            case BOOLEAN -> BsonBoolean.valueOf(node.booleanValue());
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    yield new BsonDouble(node.doubleValue());
                }
                yield node.canConvertToInt()
                        ? new BsonInt32(node.intValue())
                        : new BsonInt64(node.longValue());
            }
            default -> BsonNull.VALUE;
        };
    }

    /**
     * One BSON value as a tree. A type the contract has no place for (binary, object id, regex …)
     * is invalid, or {@code null} when {@code lenient}. The top-level {@code _id} is left out.
     */
    private static JsonNode toTree(BsonValue value, String path, boolean lenient) {
        switch (value.getBsonType()) {
            case DOCUMENT -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
                    if (path.isEmpty() && "_id".equals(e.getKey())) {
                        continue;
                    }
                    object.set(e.getKey(), toTree(e.getValue(), child(path, e.getKey()), lenient));
                }
                return object;
            }
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                for (BsonValue element : value.asArray()) {
                    array.add(toTree(element, path + "[" + i++ + "]", lenient));
                }
                return array;
            }
            case STRING -> {
                return NODES.textNode(value.asString().getValue());
            }
            case BOOLEAN -> {
                return NODES.booleanNode(value.asBoolean().getValue());
            }
            case INT32 -> {
                return NODES.numberNode(value.asInt32().getValue());
            }
            case INT64 -> {
                return NODES.numberNode(value.asInt64().getValue());
            }
            case DOUBLE -> {
                return NODES.numberNode(value.asDouble().getValue());
            }
            case DECIMAL128 -> {
                return NODES.numberNode(value.asDecimal128().getValue().bigDecimalValue());
            }
            case DATE_TIME -> {
                return NODES.numberNode(value.asDateTime().getValue());
            }
            case NULL -> {
                return NODES.nullNode();
            }
            default -> {
                if (lenient) {
                    return NODES.nullNode();
                }
                throw EventDecoder.invalid(
                        "wrong type: "
                                + (path.isEmpty() ? "document" : path)
                                + " (unsupported bson "
                                + value.getBsonType().name().toLowerCase(Locale.ROOT)
                                + ")");
            }
        }
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
