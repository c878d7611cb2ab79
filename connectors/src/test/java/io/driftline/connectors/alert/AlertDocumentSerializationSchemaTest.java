package io.driftline.connectors.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.UpdateOneModel;
import io.driftline.events.Alert;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.junit.jupiter.api.Test;

/** An alert becomes an idempotent upsert of its document in the alerts collection. */
class AlertDocumentSerializationSchemaTest {

    private final AlertDocumentSerializationSchema schema = new AlertDocumentSerializationSchema();

    @Test
    void anAlertIsAnUpsertByFingerprintWithItsStatus() {
        Alert firing =
                Alert.firing(
                        "AutoRetrainFailed",
                        Map.of("model", "fraud", "severity", "critical"),
                        Map.of("summary", "failed"),
                        1_000L);

        UpdateOneModel<BsonDocument> model =
                (UpdateOneModel<BsonDocument>) schema.serialize(firing, null);

        assertThat(model.getOptions().isUpsert()).isTrue();
        assertThat(model.getFilter().toBsonDocument())
                .isEqualTo(new BsonDocument("_id", new org.bson.BsonString("b60f1b67474a9262")));
        BsonDocument set = ((BsonDocument) model.getUpdate()).getDocument("$set");
        assertThat(set.getString("status").getValue()).isEqualTo("firing");
        assertThat(set.getDateTime("starts_at").getValue()).isEqualTo(1_000L);
        assertThat(set.get("ends_at")).isEqualTo(BsonNull.VALUE);
        assertThat(set.getDocument("labels"))
                .isEqualTo(
                        BsonDocument.parse(
                                "{alertname: 'AutoRetrainFailed', model: 'fraud',"
                                        + " severity: 'critical'}"));
        assertThat(set.getDocument("annotations"))
                .isEqualTo(BsonDocument.parse("{summary: 'failed'}"));

        BsonDocument resolved =
                AlertDocumentSerializationSchema.toUpdate(firing.resolve(5_000L))
                        .getDocument("$set");
        assertThat(resolved.getString("status").getValue()).isEqualTo("resolved");
        assertThat(resolved.getDateTime("ends_at").getValue()).isEqualTo(5_000L);
        assertThat(resolved.getDateTime("starts_at").getValue()).isEqualTo(1_000L);
    }
}
