package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ManagedProcessTest {

    @Test
    void aProcessIsRecognisedAsOursRightAfterItStartedWhileItIsStillExecing() throws IOException {
        Path dir = Files.createTempDirectory("managed-process");
        String marker = "-Dorderflow.test.marker=" + dir;
        ManagedProcess process = new ManagedProcess("probe", dir.resolve("probe.pid"), marker);
        for (int i = 0; i < 30; i++) {
            process.start(List.of("/bin/bash", "-c", "sleep 30; true", marker), Map.of(), dir, dir.resolve("probe.log"));
            try {
                // The first look comes while setsid is replacing itself (the kernel shows no command line then).
                assertThat(process.running()).as("start %d", i).isPresent();
            } finally {
                process.stop(Duration.ofSeconds(5));
            }
        }
    }
}
