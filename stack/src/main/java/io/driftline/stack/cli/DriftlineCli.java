package io.driftline.stack.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ./driftline} command. */
@Command(
        name = "driftline",
        mixinStandardHelpOptions = true,
        version = "Driftline 0.1.0-SNAPSHOT",
        description = "Streaming drift detection and closed-loop retraining on Apache Flink.",
        subcommands = {UpCommand.class})
public final class DriftlineCli {

    public static void main(String[] args) {
        int code = new CommandLine(new DriftlineCli()).execute(args);
        System.exit(code);
    }
}
