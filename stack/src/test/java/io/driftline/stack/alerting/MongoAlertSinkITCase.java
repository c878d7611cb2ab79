package io.driftline.stack.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.driftline.connectors.alert.MongoAlertSink;
import io.driftline.events.Alert;
import io.driftline.operators.serialization.EventTypeInfo;
import io.driftline.stack.mongo.EmbeddedMongo;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MongoDB alert sink, for stacks without Alertmanager, in a Flink job against the
 * MongoDB-protocol server: one document per alert fingerprint, holding its latest status.
 */
class MongoAlertSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir Path tmp;

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
        try (EmbeddedMongo mongo = EmbeddedMongo.start(tmp.resolve("test.mv.db"), "localhost", 0)) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.getConfig().disableGenericTypes();
            env.fromData(EventTypeInfo.of(Alert.class), fraud, churn, fraud.resolve(5_000L))
                    .sinkTo(MongoAlertSink.create(mongo.connectionString(), "driftline", "alerts"));
            env.execute("mongo-alert-sink-it");

            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                MongoCollection<Document> alerts =
                        client.getDatabase("driftline").getCollection("alerts");
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
    }
}
