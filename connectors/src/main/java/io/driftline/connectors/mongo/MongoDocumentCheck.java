package io.driftline.connectors.mongo;

import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.driftline.events.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.mongodb.sink.writer.serializer.MongoSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * The MongoDB sink's pre-flight check: runs a record through the sink's own serialization schema
 * and BSON encoder and names what MongoDB would refuse (a NUL in a key, a document over 16 MiB).
 * Jobs run it in a {@code SinkCheckFunction} before the sink, so such a record becomes a dead
 * letter ({@code processing: mongo-sink: ...}) instead of failing the sink's bulk write, which
 * would restart the job and replay the record forever.
 *
 * @param <T> the record type the sink writes
 */
public final class MongoDocumentCheck<T> implements SerializableFunction<T, String> {

    private static final long serialVersionUID = 1L;

    /** MongoDB's document size limit. */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();
    private static final EncoderContext ENCODING = EncoderContext.builder().build();

    private final MongoSerializationSchema<T> schema;

    public MongoDocumentCheck(MongoSerializationSchema<T> schema) {
        this.schema = schema;
    }

    @Override
    public String apply(T record) {
        return problem(record);
    }

    /** Null when every document of the record's write encodes within MongoDB's limits. */
    String problem(T record) {
        try {
            for (BsonDocument document : documents(schema.serialize(record, null))) {
                BasicOutputBuffer buffer = new BasicOutputBuffer();
                try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
                    CODEC.encode(writer, document, ENCODING);
                }
                if (buffer.getPosition() > MAX_DOCUMENT_BYTES) {
                    return "document of " + buffer.getPosition() + " bytes exceeds 16 MiB";
                }
            }
            return null;
        } catch (RuntimeException e) {
            return DeadLetter.describe(e);
        }
    }

    private static List<BsonDocument> documents(WriteModel<BsonDocument> model) {
        List<BsonDocument> documents = new ArrayList<>(2);
        if (model instanceof UpdateOneModel<BsonDocument> update) {
            documents.add(update.getFilter().toBsonDocument());
            if (update.getUpdate() != null) {
                documents.add(update.getUpdate().toBsonDocument());
            }
        } else if (model instanceof ReplaceOneModel<BsonDocument> replace) {
            documents.add(replace.getFilter().toBsonDocument());
            documents.add(replace.getReplacement());
        } else if (model instanceof InsertOneModel<BsonDocument> insert) {
            documents.add(insert.getDocument());
        }
        return documents;
    }
}
