package io.driftline.conf;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line checker that ships with Prometheus or Alertmanager ({@code promtool}, {@code
 * amtool}). Without the tool a local run skips the check; under CI (where {@code .ci/run} installs
 * the Debian packages) a missing tool fails the test.
 */
final class ExternalTool {

    private ExternalTool() {}

    static Path require(String name) {
        for (String dir :
                (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin")
                        .split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        if (System.getenv("CI") != null) {
            fail(name + " is not installed; .ci/run installs it with apt-get");
        }
        assumeTrue(
                false,
                name + " is not installed (apt-get install prometheus prometheus-alertmanager)");
        throw new AssertionError("unreachable");
    }

    /** Result of one run: exit code and combined output. */
    record Result(int exitCode, String output) {}

    static Result run(Path tool, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(tool + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), out);
    }
}
