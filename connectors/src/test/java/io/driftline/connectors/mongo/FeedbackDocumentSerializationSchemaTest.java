package io.driftline.connectors.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.UpdateOneModel;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class FeedbackDocumentSerializationSchemaTest {

    private final FeedbackDocumentSerializationSchema schema =
            new FeedbackDocumentSerializationSchema();

    @Test
    void aPredictionIsAnUpsertKeyedByEventIdWithEverythingItCarries() {
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        features.put("income", new FeatureValue.Numeric(1.5));
        features.put("region", new FeatureValue.Categorical("east"));
        features.put("age", FeatureValue.MISSING);
        FeedbackEvent event =
                new FeedbackEvent(
                        "e-7",
                        "credit-risk",
                        "2",
                        1_000L,
                        features,
                        new FeatureValue.Categorical("yes"),
                        0.7,
                        null,
                        Map.of("country", "de"));

        UpdateOneModel<BsonDocument> model =
                (UpdateOneModel<BsonDocument>) schema.serialize(event, null);

        assertThat(model.getOptions().isUpsert()).isTrue();
        assertThat(model.getFilter().toBsonDocument())
                .isEqualTo(BsonDocument.parse("{_id: 'e-7'}"));
        BsonDocument update = (BsonDocument) model.getUpdate();
        BsonDocument set = update.getDocument("$set");
        assertThat(set.getString("model").getValue()).isEqualTo("credit-risk");
        assertThat(set.getString("model_version").getValue()).isEqualTo("2");
        assertThat(set.getInt64("ts").getValue()).isEqualTo(1_000L);
        assertThat(set.getDocument("features"))
                .isEqualTo(BsonDocument.parse("{income: 1.5, region: 'east', age: null}"));
        assertThat(set.getString("prediction").getValue()).isEqualTo("yes");
        assertThat(set.getDouble("confidence_score").getValue()).isEqualTo(0.7);
        assertThat(set.getDocument("segment")).isEqualTo(BsonDocument.parse("{country: 'de'}"));
        assertThat(set.containsKey("actual")).isFalse();
        assertThat(update.getDocument("$setOnInsert"))
                .isEqualTo(BsonDocument.parse("{used_for_training: false}"));
    }

    @Test
    void aLateOutcomeOnlySetsTheOutcomeOnThePredictionsDocument() {
        FeedbackEvent outcome =
                new FeedbackEvent(
                        "e-7",
                        "credit-risk",
                        null,
                        9_000L,
                        Map.of(),
                        null,
                        null,
                        new FeatureValue.Categorical("no"),
                        Map.of());

        BsonDocument update =
                (BsonDocument)
                        ((UpdateOneModel<BsonDocument>) schema.serialize(outcome, null))
                                .getUpdate();

        BsonDocument set = update.getDocument("$set");
        assertThat(set.keySet())
                .containsExactlyInAnyOrder("event_id", "model", "actual", "actual_ts");
        assertThat(set.getString("actual").getValue()).isEqualTo("no");
        assertThat(set.getInt64("actual_ts").getValue()).isEqualTo(9_000L);
    }
}
