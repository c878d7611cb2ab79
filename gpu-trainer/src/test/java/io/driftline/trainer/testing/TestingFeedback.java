package io.driftline.trainer.testing;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Writes {@code ml_feedback} documents shaped like the ingest job's, for tests and benchmarks. */
public final class TestingFeedback {

    private final MongoCollection<Document> collection;

    /** Writes into {@code collection}. */
    public TestingFeedback(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    /** The document of one feedback event, as the ingest job writes it. */
    public static Document document(
            String id, String model, long ts, Map<String, Object> features, Object actual) {
        Document doc =
                new Document("_id", id)
                        .append("event_id", id)
                        .append("model", model)
                        .append("ts", ts)
                        .append("event_time", new java.util.Date(ts))
                        .append("features", new Document(features))
                        .append("prediction", actual == null ? 0.0 : actual)
                        .append("used_for_training", false);
        if (actual != null) {
            doc.append("actual", actual).append("actual_ts", ts);
        }
        return doc;
    }

    /** Inserts the documents in batches. */
    public void insert(List<Document> documents) {
        for (int from = 0; from < documents.size(); from += 5_000) {
            collection.insertMany(
                    new ArrayList<>(
                            documents.subList(from, Math.min(documents.size(), from + 5_000))));
        }
    }
}
