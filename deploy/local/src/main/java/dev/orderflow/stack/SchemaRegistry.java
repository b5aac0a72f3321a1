package dev.orderflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.events.registry.RegistryClient;

/**
 * Apicurio Registry 3 from its prebuilt distribution (a Quarkus fast-jar), storing its artifacts in
 * the stack's PostgreSQL so that registered schemas survive a restart, as they would in production.
 */
final class SchemaRegistry implements Component {

    /** The registry-wide compatibility rule; subjects that need another one (FULL for ECST state) set their own. */
    static final String GLOBAL_COMPATIBILITY = "BACKWARD";

    private final StackConfig config;
    private final Path home;
    private final ManagedProcess process;

    SchemaRegistry(StackConfig config) {
        this.config = config;
        this.home = config.runDir().resolve("registry");
        this.process = new ManagedProcess(name(), home.resolve("registry.pid"), "-Dorderflow.stack.home=" + home);
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public String address() {
        return config.registryUrl();
    }

    @Override
    public Optional<ProcessHandle> process() {
        return process.running();
    }

    @Override
    public Path log() {
        return home.resolve("registry.log");
    }

    @Override
    public void start() {
        if (process.running().isPresent()) {
            return;
        }
        try {
            Files.createDirectories(home.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String db = StackConfig.REGISTRY_DATABASE;
        process.start(List.of(
                Component.javaExecutable(),
                "-Dorderflow.stack.home=" + home,
                "-Xms128m", "-Xmx512m",
                "-Djava.io.tmpdir=" + home.resolve("tmp"),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + config.registryPort(),
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + config.registryManagementPort(),
                "-Dapicurio.storage.kind=sql",
                "-Dapicurio.storage.sql.kind=postgresql",
                "-Dapicurio.datasource.url=" + config.postgresJdbcUrl(db),
                "-Dapicurio.datasource.username=" + db,
                "-Dapicurio.datasource.jdbc.initial-size=2",
                "-Dapicurio.datasource.jdbc.min-size=2",
                "-Dapicurio.datasource.jdbc.max-size=20",
                // The compatibility gate and its tests delete what they register.
                "-Dapicurio.rest.deletion.artifact.enabled=true",
                "-Dapicurio.rest.deletion.artifact-version.enabled=true",
                "-Dapicurio.rest.deletion.group.enabled=true",
                "-jar", config.distDir().resolve("apicurio/quarkus-run.jar").toString()),
                // The password in the environment the registry reads, not on its command line (which ps shows to everyone).
                Map.of("APICURIO_DATASOURCE_PASSWORD", db), home, log());
    }

    @Override
    public void awaitReady(Duration timeout) {
        URI health = URI.create("http://127.0.0.1:" + config.registryManagementPort() + "/health/ready");
        Readiness.awaitHttp(name(), process::running, log(), timeout, health);
    }

    /**
     * Registers every event schema of the catalog under its record-id subject with the stream's
     * compatibility rule (and sets the registry-wide default). Services never auto-register: an
     * incompatible schema change fails here, naming the subject and the registry's reasons.
     */
    void registerEventSchemas(EventCatalog catalog) {
        RegistryClient client = new RegistryClient(address());
        client.setGlobalCompatibility(GLOBAL_COMPATIBILITY);
        for (EventCatalog.Stream stream : catalog.streams()) {
            for (EventCatalog.EventType event : stream.events()) {
                try {
                    client.register(event.registryGroup(), event.registryArtifact(), event.schema().toString());
                } catch (RegistryClient.RuleViolationException e) {
                    throw new IllegalStateException("the schema of " + event.type() + " is incompatible with the version"
                            + " registered in " + address() + " (rule " + stream.compatibility() + "): "
                            + e.violations() + ". Publish it as a new event type, or start the stack --fresh.", e);
                }
                client.setCompatibility(event.registryGroup(), event.registryArtifact(), stream.compatibility().name());
            }
        }
    }

    @Override
    public void stop() {
        process.stop(Duration.ofSeconds(20));
    }
}
