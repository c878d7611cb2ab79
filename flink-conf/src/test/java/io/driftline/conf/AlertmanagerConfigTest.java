package io.driftline.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Alertmanager configuration in {@code flink-conf/conf} is valid for the real Alertmanager. */
class AlertmanagerConfigTest {

    static final Path CONFIG = Path.of("conf", "alertmanager.yml");

    @Test
    void amtoolAcceptsTheConfig() throws Exception {
        Path amtool = ExternalTool.require("amtool");
        ExternalTool.Result result = ExternalTool.run(amtool, "check-config", CONFIG.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
        assertThat(result.output()).contains("2 receivers");
    }

    @Test
    void amtoolRejectsABrokenConfig(@TempDir Path tmp) throws Exception {
        // proves the check above can fail: a route to a receiver that does not exist
        Path amtool = ExternalTool.require("amtool");
        Path broken = tmp.resolve("broken.yml");
        Files.writeString(
                broken,
                Files.readString(CONFIG)
                        .replace("receiver: driftline-retraining", "receiver: nobody"));
        ExternalTool.Result result = ExternalTool.run(amtool, "check-config", broken.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("nobody");
    }

    @Test
    void localGroupWaitIsShort() throws Exception {
        // drift alerts must reach the embedded stack's Alertmanager UI within seconds
        assertThat(Files.readString(CONFIG)).contains("group_wait: 5s");
    }
}
