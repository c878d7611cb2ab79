package io.driftline.stack.alerting;

import io.driftline.stack.process.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager for the embedded stack: Debian's {@code prometheus-alertmanager} binary started as a
 * child process with Driftline's configuration from {@code flink-conf/}. When the binary is not
 * installed, {@link #startIfInstalled} says so once and returns empty; the stack then keeps alerts
 * in MongoDB's {@code alerts} collection instead.
 */
public final class EmbeddedAlertmanager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAlertmanager.class);

    /** Names the binary goes by: Debian's package, and the upstream release. */
    private static final List<String> BINARIES = List.of("prometheus-alertmanager", "alertmanager");

    private final ChildProcess process;
    private final int port;

    private EmbeddedAlertmanager(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Finds the Alertmanager binary on the PATH (or in /usr/bin), if installed. */
    public static Optional<Path> findBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String name : BINARIES) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts Alertmanager on {@code port} with the configuration packaged from {@code
     * flink-conf/alertmanager.yml}, or returns empty when it is not installed.
     */
    public static Optional<EmbeddedAlertmanager> startIfInstalled(Path workDir, int port)
            throws IOException {
        Optional<Path> binary = findBinary();
        if (binary.isEmpty()) {
            LOG.warn(
                    "Alertmanager is not installed (apt-get install prometheus-alertmanager);"
                            + " alerts will be kept in the MongoDB collection 'alerts' instead.");
            return Optional.empty();
        }
        Files.createDirectories(workDir.resolve("data"));
        Path config = workDir.resolve("alertmanager.yml");
        try (InputStream in =
                EmbeddedAlertmanager.class.getResourceAsStream(
                        "/driftline/conf/alertmanager.yml")) {
            if (in == null) {
                throw new IllegalStateException(
                        "alertmanager.yml is missing from the classpath (flink-conf module)");
            }
            Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command =
                List.of(
                        binary.get().toString(),
                        "--config.file=" + config.toAbsolutePath(),
                        "--storage.path=" + workDir.resolve("data").toAbsolutePath(),
                        "--web.listen-address=127.0.0.1:" + port,
                        // an empty cluster address: no gossip port, a single instance
                        "--cluster.listen-address=",
                        "--log.level=warn");
        ChildProcess child =
                ChildProcess.start(
                        "alertmanager",
                        command,
                        workDir.resolve("alertmanager.log"),
                        workDir.resolve("alertmanager.pid"));
        EmbeddedAlertmanager am = new EmbeddedAlertmanager(child, port);
        try {
            am.awaitReady(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            am.close();
            throw e;
        }
        return Optional.of(am);
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready =
                HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
        process.awaitReady(
                timeout,
                Duration.ofMillis(100),
                () -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:9093}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
