package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a service's JVM records its AOT cache, starts from it, or does without (ServiceProcess.aotCacheOptions). */
class AotCacheTest {

    @TempDir
    Path repo;

    private static final ServiceProcess.Spec PAYMENT = ServiceProcess.SERVICES.stream()
            .filter(s -> s.name().equals("payment")).findFirst().orElseThrow();

    private ServiceProcess instance(int n, ServiceOptions options) {
        return new ServiceProcess(PAYMENT, n, StackConfig.defaults(repo.resolve(".run")), options, repo);
    }

    private Path build(Instant at) throws Exception {
        Path app = Files.createDirectories(repo.resolve("services/payment/target/quarkus-app/lib/main"));
        written(app.resolve("io.example.some-lib.jar"), "jar", at);
        Path runner = repo.resolve("services/payment/target/quarkus-app/quarkus-run.jar");
        written(runner, "runner", at);
        return runner.resolveSibling("app.aot");
    }

    private static void written(Path file, String content, Instant at) throws Exception {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(at));
    }

    @Test
    void theFirstInstanceRecordsTheCacheOfANewBuildAndEveryInstanceStartsFromItOnceItIsThere() throws Exception {
        ServiceOptions options = ServiceOptions.defaults().withInstances(Map.of("payment", 2));
        Instant built = Instant.parse("2026-12-01T10:00:00Z");
        Path cache = build(built);
        if (Runtime.version().feature() < 25) {
            assertThat(instance(1, options).aotCacheOptions()).as("no AOT cache before JDK 25").isEmpty();
            return;
        }
        assertThat(instance(1, options).aotCacheOptions()).containsExactly("-XX:AOTCacheOutput=" + cache);
        assertThat(instance(2, options).aotCacheOptions()).as("one recorder at a time").isEmpty();

        written(cache, "cache", built.plusSeconds(600));
        assertThat(instance(1, options).aotCacheOptions()).containsExactly("-XX:AOTCache=" + cache);
        assertThat(instance(2, options).aotCacheOptions()).containsExactly("-XX:AOTCache=" + cache);
    }

    @Test
    void aRebuildDiscardsTheCacheAndTheNextRunRecordsItAgain() throws Exception {
        ServiceOptions options = ServiceOptions.defaults().withInstances(Map.of("payment", 2));
        Path cache = build(Instant.parse("2026-12-01T10:00:00Z"));
        written(cache, "cache of the build before", Instant.parse("2026-12-01T09:00:00Z"));
        if (Runtime.version().feature() < 25) {
            assertThat(instance(1, options).aotCacheOptions()).isEmpty();
            return;
        }
        assertThat(instance(2, options).aotCacheOptions()).as("a stale cache is not used").isEmpty();
        assertThat(cache).as("only the recorder removes it").exists();
        assertThat(instance(1, options).aotCacheOptions()).containsExactly("-XX:AOTCacheOutput=" + cache);
        assertThat(cache).doesNotExist();
    }

    @Test
    void aCacheWhoseWritingWasCutShortIsRecordedAgain() throws Exception {
        ServiceOptions options = ServiceOptions.defaults();
        Path cache = build(Instant.parse("2026-12-01T10:00:00Z"));
        written(cache, "", Instant.parse("2026-12-01T11:00:00Z"));
        if (Runtime.version().feature() < 25) {
            assertThat(instance(1, options).aotCacheOptions()).isEmpty();
            return;
        }
        assertThat(instance(1, options).aotCacheOptions()).containsExactly("-XX:AOTCacheOutput=" + cache);
    }

    @Test
    void testStacksRunWithoutACache() throws Exception {
        build(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(instance(1, ServiceOptions.onFreePorts(Map.of())).aotCacheOptions()).isEmpty();
        assertThat(instance(1, ServiceOptions.defaults().withAotCache(false)).aotCacheOptions()).isEmpty();
    }
}
