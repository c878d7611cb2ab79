package io.driftline.connectors.mongo;

import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.driftline.events.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.mongodb.sink.writer.serializer.MongoSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * Runs a record through the MongoDB sink's own serialization schema and BSON encoder before the
 * sink sees it: a document MongoDB would refuse (a NUL in a key, over 16 MiB) goes to the {@link
 * #DEAD_LETTERS} side output as {@code processing: mongo-sink: ...} instead of failing the sink's
 * bulk write, which would restart the job and replay the record forever.
 *
 * @param <T> the record type the sink writes
 */
public final class MongoDocumentCheckFunction<T> extends ProcessFunction<T, T> {

    private static final long serialVersionUID = 1L;

    /** MongoDB's document size limit. */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    /** Side output of records whose document MongoDB would refuse; same id as the jobs' tag. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();
    private static final EncoderContext ENCODING = EncoderContext.builder().build();

    private final MongoSerializationSchema<T> schema;
    private final String sourceTopic;

    private transient Counter refused;

    public MongoDocumentCheckFunction(MongoSerializationSchema<T> schema, String sourceTopic) {
        this.schema = schema;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        refused = getRuntimeContext().getMetricGroup().counter("mongoDocumentsRefused");
    }

    @Override
    public void processElement(T record, Context ctx, Collector<T> out) {
        String problem = problem(record);
        if (problem == null) {
            out.collect(record);
            return;
        }
        refused.inc();
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.processing(
                        sourceTopic,
                        "mongo-sink",
                        record,
                        problem,
                        ctx.timerService().currentProcessingTime()));
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
