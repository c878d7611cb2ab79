package io.driftline.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.driftline.connectors.alert.MongoAlertSink;
import io.driftline.events.Alert;
import io.driftline.it.fixtures.FlinkClusterExtension;
import io.driftline.it.fixtures.MongoExtension;
import io.driftline.operators.serialization.EventTypeInfo;
import java.util.Date;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MongoDB alert sink, for stacks without Alertmanager, in a Flink job against the
 * MongoDB-protocol server: one document per alert fingerprint, holding its latest status.
 */
class MongoAlertSinkITCase {

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();

    @Test
    void alertsAreUpsertedByFingerprintWithTheirLatestStatus() throws Exception {
        Alert fraud =
                Alert.firing(
                        Alert.AUTO_RETRAIN_FAILED,
                        Map.of("model", "fraud", "severity", "critical"),
                        Map.of("summary", "Automatic retrain of model fraud failed"),
                        1_000L);
        Alert churn =
                Alert.firing(
                        Alert.AUTO_RETRAIN_FAILED,
                        Map.of("model", "churn", "severity", "critical"),
                        null,
                        2_000L);
        StreamExecutionEnvironment env = FLINK.environment();
        env.setParallelism(1);
        env.fromData(EventTypeInfo.of(Alert.class), fraud, churn, fraud.resolve(5_000L))
                .sinkTo(MongoAlertSink.create(MONGO.connectionString(), "driftline", "alerts"));
        env.execute("mongo-alert-sink-it");

        MongoCollection<Document> alerts = MONGO.database("driftline").getCollection("alerts");
        assertThat(alerts.countDocuments()).isEqualTo(2);
        Document doc = alerts.find(new Document("_id", fraud.fingerprint())).first();
        assertThat(doc).isNotNull();
        assertThat(doc.getString("status")).isEqualTo("resolved");
        assertThat(doc.getString("alertname")).isEqualTo("AutoRetrainFailed");
        assertThat(doc.getDate("starts_at")).isEqualTo(new Date(1_000L));
        assertThat(doc.getDate("ends_at")).isEqualTo(new Date(5_000L));
        assertThat(doc.get("labels", Document.class).getString("model")).isEqualTo("fraud");
        assertThat(doc.get("annotations", Document.class).getString("summary"))
                .isEqualTo("Automatic retrain of model fraud failed");
        Document other = alerts.find(new Document("_id", churn.fingerprint())).first();
        assertThat(other.getString("status")).isEqualTo("firing");
        assertThat(other.get("ends_at")).isNull();
    }
}
