package io.driftline.connectors.mongo;

import io.driftline.events.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.mongodb.source.reader.deserializer.MongoDeserializationSchema;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Reads a {@code model_registry} document as the ModelPublished JSON contract it stores, as raw
 * bytes: the validation step downstream parses it, and a document that does not fit the contract
 * becomes a dead letter instead of failing the job. BSON dates become epoch milliseconds.
 */
public final class RegistryDocumentDeserializationSchema
        implements MongoDeserializationSchema<RawRecord> {

    private static final long serialVersionUID = 1L;

    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final String collection;

    public RegistryDocumentDeserializationSchema(String collection) {
        this.collection = collection;
    }

    @Override
    public RawRecord deserialize(BsonDocument document) {
        BsonDocument copy = document.clone();
        copy.remove("_id");
        for (Map.Entry<String, BsonValue> e : copy.entrySet()) {
            if (e.getValue().isDateTime()) {
                e.setValue(new BsonInt64(e.getValue().asDateTime().getValue()));
            }
        }
        byte[] json = copy.toJson(RELAXED).getBytes(StandardCharsets.UTF_8);
        return new RawRecord("mongo:" + collection, 0, -1, 0, null, json);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
