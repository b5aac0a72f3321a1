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

/**
 * One of the project's services, run from its Quarkus build (target/quarkus-app) in prod mode
 * against the stack, on its fixed port. Ready when its readiness endpoint (database, Kafka) says UP.
 */
final class ServiceProcess implements Component {

    /** A service of the system and the port its API listens on. */
    record Spec(String name, int port) {
    }

    /** The services `run` starts, in start order. */
    static final List<Spec> SERVICES = List.of(
            new Spec("catalog", 8101),
            new Spec("customer", 8102),
            new Spec("inventory", 8104));

    private final Spec spec;
    private final StackConfig config;
    private final Path jar;
    private final Path home;
    private final ManagedProcess process;

    ServiceProcess(Spec spec, StackConfig config, Path repo) {
        this.spec = spec;
        this.config = config;
        this.jar = repo.resolve("services").resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
        this.home = config.runDir().resolve("services").resolve(spec.name());
        this.process = new ManagedProcess(spec.name(), home.resolve(spec.name() + ".pid"), "-Dorderflow.stack.home=" + home);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String address() {
        return "http://127.0.0.1:" + spec.port();
    }

    boolean isBuilt() {
        return Files.isRegularFile(jar);
    }

    @Override
    public Optional<ProcessHandle> process() {
        return process.running();
    }

    @Override
    public Path log() {
        return home.resolve(spec.name() + ".log");
    }

    @Override
    public void start() {
        if (process.running().isPresent()) {
            return;
        }
        if (!isBuilt()) {
            throw new IllegalStateException(spec.name() + " is not built (" + jar + "): run ./mvnw package -DskipTests");
        }
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String db = spec.name();
        process.start(List.of(
                Component.javaExecutable(),
                "-Dorderflow.stack.home=" + home,
                "-Xms64m", "-Xmx384m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + spec.port(),
                "-Dkafka.bootstrap.servers=" + config.kafkaBootstrapServers(),
                "-Dmp.messaging.connector.smallrye-kafka.apicurio.registry.url=" + config.registryUrl(),
                "-Dquarkus.datasource.reactive.url=" + config.postgresReactiveUrl(db),
                "-Dquarkus.datasource.jdbc.url=" + config.postgresJdbcUrl(db),
                "-Dquarkus.datasource.username=" + db,
                "-Dquarkus.datasource.password=" + db,
                "-jar", jar.toString()), Map.of(), home, log());
    }

    @Override
    public void awaitReady(Duration timeout) {
        URI ready = URI.create(address() + "/q/health/ready");
        Readiness.awaitHttp(name(), process::running, log(), timeout, ready);
    }

    @Override
    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }
}
