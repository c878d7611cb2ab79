package io.driftline.stack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process the stack started (the Kafka broker JVM, Alertmanager), with its output in a log file
 * and its pid in a pid file so that a stack killed without a chance to clean up can reap it on the
 * next start.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    private final String name;
    private final Process process;
    private final Path pidFile;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path pidFile, Path logFile) {
        this.name = name;
        this.process = process;
        this.pidFile = pidFile;
        this.logFile = logFile;
    }

    /** A check that the process serves requests; an exception means "not yet". */
    @FunctionalInterface
    public interface ReadinessProbe {
        boolean ready() throws Exception;
    }

    /**
     * Polls {@code probe} every {@code interval} until it says ready. Fails at once, pointing at
     * the log, if the process exits; fails after {@code timeout} with the last probe error.
     */
    public void awaitReady(Duration timeout, Duration interval, ReadinessProbe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name
                                + " exited during start-up (code "
                                + process.exitValue()
                                + "); see "
                                + logFile);
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(
                name + " was not ready after " + timeout + "; see " + logFile, last);
    }

    /**
     * Starts {@code command}, appending its stdout and stderr to {@code logFile}. A process left
     * behind by an earlier run with the same pid file is stopped first.
     */
    public static ChildProcess start(String name, List<String> command, Path logFile, Path pidFile)
            throws IOException {
        reapLeftover(name, pidFile);
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(pidFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        LOG.info("Started {} (pid {}), log: {}", name, process.pid(), logFile);
        return new ChildProcess(name, process, pidFile, logFile);
    }

    /**
     * Stops the process a previous run recorded in {@code pidFile}, if it is still alive and still
     * looks like the same program. This is how a stack killed with SIGKILL gets cleaned up.
     */
    static void reapLeftover(String name, Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).trim();
        Files.deleteIfExists(pidFile);
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && handle.get().isAlive()) {
            String cmd = handle.get().info().commandLine().orElse("");
            if (cmd.contains("kafka") || cmd.contains("alertmanager") || cmd.contains(name)) {
                LOG.warn("Stopping {} left behind by an earlier run (pid {})", name, pid);
                stopHandle(handle.get(), Duration.ofSeconds(10));
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            LOG.info("Stopping {} (pid {})", name, process.pid());
            stopHandle(process.toHandle(), grace);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.debug("Could not delete pid file {}", pidFile, e);
        }
    }

    private static void stopHandle(ProcessHandle handle, Duration grace) {
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported below by isAlive()
            }
        }
        for (ProcessHandle d : descendants) {
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
        if (handle.isAlive()) {
            LOG.error("Process {} did not stop", handle.pid());
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    /** The command that starts a JVM like the current one (same java binary). */
    public static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .filter(c -> c.endsWith("java"))
                .orElseGet(
                        () -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
