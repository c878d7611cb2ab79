package io.driftline.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir Path dir;

    @Test
    void stopEndsTheProcessAndRemovesItsPidFile() throws Exception {
        Path pid = dir.resolve("sleep.pid");
        ChildProcess child =
                ChildProcess.start("sleep", List.of("sleep", "300"), dir.resolve("sleep.log"), pid);
        assertThat(Files.readString(pid)).isEqualTo(Long.toString(child.pid()));
        assertThat(child.isAlive()).isTrue();

        child.stop(Duration.ofSeconds(5));

        assertThat(child.isAlive()).isFalse();
        assertThat(pid).doesNotExist();
    }

    @Test
    void aProcessLeftBehindByAKilledRunIsStoppedOnTheNextStart() throws Exception {
        Path pid = dir.resolve("sleep.pid");
        ChildProcess orphan =
                ChildProcess.start("sleep", List.of("sleep", "300"), dir.resolve("a.log"), pid);
        // the stack is SIGKILLed: nobody calls stop(), the pid file stays

        ChildProcess next =
                ChildProcess.start("sleep", List.of("sleep", "300"), dir.resolve("b.log"), pid);
        try {
            assertThat(orphan.handle().onExit().get().isAlive()).isFalse();
            assertThat(Files.readString(pid)).isEqualTo(Long.toString(next.pid()));
        } finally {
            next.close();
        }
    }

    @Test
    void waitingForReadinessFailsFastWhenTheProcessExits() throws Exception {
        ChildProcess child =
                ChildProcess.start(
                        "broken",
                        List.of("sh", "-c", "echo boom; exit 3"),
                        dir.resolve("broken.log"),
                        dir.resolve("broken.pid"));
        child.handle().onExit().get();

        assertThatThrownBy(
                        () ->
                                child.awaitReady(
                                        Duration.ofSeconds(30), Duration.ofMillis(50), () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken exited during start-up (code 3)")
                .hasMessageContaining("broken.log");
        assertThat(Files.readString(dir.resolve("broken.log"))).contains("boom");
    }

    @Test
    void waitingForReadinessTimesOutWithTheLastProbeError() throws Exception {
        try (ChildProcess child =
                ChildProcess.start(
                        "sleep",
                        List.of("sleep", "300"),
                        dir.resolve("s.log"),
                        dir.resolve("s.pid"))) {
            assertThatThrownBy(
                            () ->
                                    child.awaitReady(
                                            Duration.ofMillis(300),
                                            Duration.ofMillis(50),
                                            () -> {
                                                throw new java.io.IOException("connection refused");
                                            }))
                    .hasMessageContaining("was not ready after")
                    .hasRootCauseMessage("connection refused");
        }
    }
}
