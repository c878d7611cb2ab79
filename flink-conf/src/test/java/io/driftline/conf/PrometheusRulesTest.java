package io.driftline.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus rules and scrape configuration in {@code flink-conf/conf/prometheus} are valid for
 * the real Prometheus, and every rule fires and stays quiet where its unit tests say so.
 */
class PrometheusRulesTest {

    static final Path DIR = Path.of("conf", "prometheus");
    static final Path RULES = DIR.resolve("driftline-rules.yml");
    static final Path RULE_TESTS = DIR.resolve("driftline-rules.test.yml");
    static final Path CONFIG = DIR.resolve("prometheus.yml");

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        ExternalTool.Result result =
                ExternalTool.run(
                        ExternalTool.require("promtool"), "check", "rules", RULES.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 9 rules found");
    }

    @Test
    void promtoolAcceptsTheScrapeConfigWithTheRules() throws Exception {
        ExternalTool.Result result =
                ExternalTool.run(
                        ExternalTool.require("promtool"), "check", "config", CONFIG.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 1 rule files found");
        String config = Files.readString(CONFIG);
        assertThat(config).contains("localhost:9249", "localhost:9260", "localhost:8090");
    }

    @Test
    void everyRuleFiresAndStaysQuietInItsUnitTests() throws Exception {
        ExternalTool.Result result =
                ExternalTool.run(
                        ExternalTool.require("promtool"), "test", "rules", RULE_TESTS.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");

        String tests = Files.readString(RULE_TESTS);
        for (String alert : alertNames()) {
            // each rule is evaluated both with an expected alert and with none
            Pattern firing =
                    Pattern.compile(
                            "alertname: " + alert + "\\s+exp_alerts:\\s+- exp_labels:",
                            Pattern.MULTILINE);
            Pattern quiet = Pattern.compile("alertname: " + alert + "\\s+exp_alerts: \\[\\]");
            assertThat(firing.matcher(tests).find()).as("%s fires in a test", alert).isTrue();
            assertThat(quiet.matcher(tests).find()).as("%s stays quiet in a test", alert).isTrue();
        }
    }

    @Test
    void theRuleTestsCatchABrokenRule(@TempDir Path tmp) throws Exception {
        // proves the check above can fail: the trainer-down rule watching the wrong job
        Files.writeString(
                tmp.resolve("driftline-rules.yml"),
                Files.readString(RULES).replace("up{job=\"driftline-trainer\"}", "up{job=\"x\"}"));
        Files.copy(RULE_TESTS, tmp.resolve("driftline-rules.test.yml"));
        ExternalTool.Result result =
                ExternalTool.run(
                        ExternalTool.require("promtool"),
                        "test",
                        "rules",
                        tmp.resolve("driftline-rules.test.yml").toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("alertname: TrainerDown");
    }

    private static List<String> alertNames() throws Exception {
        Matcher m = Pattern.compile("- alert: (\\w+)").matcher(Files.readString(RULES));
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "FlinkJobRestarting",
                        "FlinkJobNotRunning",
                        "FlinkCheckpointFailures",
                        "FeedbackDeadLetterRateHigh",
                        "LateEventShareHigh",
                        "RecordProcessingFailures",
                        "TrainerRetrainFailed",
                        "TrainerRetrainTooLong",
                        "TrainerDown");
        return names;
    }
}
