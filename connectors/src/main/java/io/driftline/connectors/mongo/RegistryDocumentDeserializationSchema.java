package io.driftline.connectors.mongo;

import io.driftline.events.EventDocuments;
import io.driftline.events.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.mongodb.source.reader.deserializer.MongoDeserializationSchema;
import org.bson.BsonDocument;

/**
 * Reads a {@code model_registry} document as the raw bytes of the ModelPublished it stores ({@link
 * EventDocuments#toJson}): the validation step downstream parses it like a Kafka record, and a
 * document that does not fit the contract becomes a dead letter instead of failing the job.
 */
public final class RegistryDocumentDeserializationSchema
        implements MongoDeserializationSchema<RawRecord> {

    private static final long serialVersionUID = 1L;

    private final String collection;

    public RegistryDocumentDeserializationSchema(String collection) {
        this.collection = collection;
    }

    @Override
    public RawRecord deserialize(BsonDocument document) {
        return new RawRecord(
                "mongo:" + collection, 0, -1, 0, null, EventDocuments.toJson(document));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
