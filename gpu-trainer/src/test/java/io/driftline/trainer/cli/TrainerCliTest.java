package io.driftline.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.Evidence;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.trainer.claim.TriggerStore;
import io.driftline.trainer.testing.TestingMongo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerCliTest {

    @TempDir Path tmp;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void feedbackValidatePrintsEachInvalidLineAndASummary() throws Exception {
        Path file = tmp.resolve("feedback.jsonl");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "{\"event_id\":\"e1\",\"model\":\"m\",\"ts\":1,\"features\":{\"x\":1.0},\"prediction\":1}",
                        "{\"model\":\"m\",\"ts\":1,\"features\":{},\"prediction\":1}",
                        "",
                        "not json",
                        "{\"event_id\":\"e4\",\"model\":\"../etc\",\"ts\":1,\"features\":{},\"prediction\":1}",
                        ""));
        assertThat(run("feedback", "validate", file.toString())).isEqualTo(1);
        assertThat(out.toString())
                .contains("line 2: missing field: event_id")
                .contains("line 4: malformed json")
                .contains("line 5: invalid model name")
                .contains("4 events, 1 valid, 3 invalid");

        Path good = tmp.resolve("good.jsonl");
        Files.writeString(
                good,
                "{\"event_id\":\"e1\",\"model\":\"m\",\"ts\":1,\"features\":{\"x\":1.0},\"prediction\":1}\n");
        out.getBuffer().setLength(0);
        assertThat(run("feedback", "validate", good.toString())).isZero();
        assertThat(out.toString()).contains("1 events, 1 valid, 0 invalid");
    }

    @Test
    void triggersListAndResolveAgainstMongo() {
        try (TestingMongo mongo = new TestingMongo()) {
            TriggerStore store = new TriggerStore(mongo.database());
            RetrainTrigger t =
                    RetrainTrigger.pending(
                            "churn",
                            5L,
                            TriggerReason.DRIFT,
                            Severity.DRIFT,
                            Evidence.EMPTY,
                            5L,
                            false);
            store.insertIfAbsent(t, 5L);
            String[] conn = {
                "--mongo-uri",
                mongo.uri(),
                "--database",
                "driftline_test",
                "--bootstrap-servers",
                "localhost:1"
            };

            assertThat(run(concat(new String[] {"triggers", "list", "--status", "pending"}, conn)))
                    .isZero();
            assertThat(out.toString()).contains("churn-drift-5").contains("pending");

            // resolving needs no broker round trip to succeed in MongoDB; the status publish is
            // best effort
            assertThat(run(concat(new String[] {"triggers", "resolve", "nope"}, conn)))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("no trigger with id nope");
        }
    }

    @Test
    void retrainNeedsAModelOrAll() {
        assertThat(run("retrain")).isEqualTo(2);
        assertThat(err.toString()).contains("--model").contains("--all");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
