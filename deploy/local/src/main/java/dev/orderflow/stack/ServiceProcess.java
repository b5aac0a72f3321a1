package dev.orderflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One instance of one of the project's services, run from its Quarkus build (target/quarkus-app) in
 * prod mode against the stack, on its port (see {@link ServiceOptions}). Instances of a service share
 * its database and its consumer groups (Kafka shares the partitions among them); the first is named
 * as the service, the others {@code <service>-<n>}. Ready when its readiness endpoint (database, Kafka) says UP.
 */
final class ServiceProcess implements Component {

    /**
     * A service of the system, its API port's offset from {@link ServiceOptions#portBase()}, and whether
     * clients reach its API through the gateway (shipping and notification have none but health).
     */
    record Spec(String name, int portOffset, boolean publicApi) {
    }

    /** The services `run` starts, in start order. */
    static final List<Spec> SERVICES = List.of(
            new Spec("catalog", 1, true),
            new Spec("customer", 2, true),
            new Spec("order", 3, true),
            new Spec("inventory", 4, true),
            new Spec("payment", 5, true),
            new Spec("shipping", 6, false),
            new Spec("notification", 7, false));

    /** The one address clients call (services/gateway): on the port base itself, one instance. */
    static final Spec GATEWAY = new Spec("gateway", 0, false);

    /** The API port of instance n is the first one's plus this times (n - 1). */
    static final int INSTANCE_PORT_STRIDE = 10;

    private final Spec spec;
    private final int instance;
    private final String name;
    private final StackConfig config;
    private final ServiceOptions options;
    private final Path jar;
    private final Path home;
    private final ManagedProcess process;
    /** The process this launcher started last, until it is stopped or killed. */
    private volatile ProcessHandle launched;

    /** @param instance 1 for the first instance of the service */
    ServiceProcess(Spec spec, int instance, StackConfig config, ServiceOptions options, Path repo) {
        this.spec = spec;
        this.instance = instance;
        this.name = instance == 1 ? spec.name() : spec.name() + "-" + instance;
        this.config = config;
        this.options = options;
        this.jar = repo.resolve("services").resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
        this.home = config.runDir().resolve("services").resolve(name);
        this.process = new ManagedProcess(name, home.resolve(name + ".pid"), "-Dorderflow.stack.home=" + home);
    }

    /** The instance's name: the service's for the first, {@code <service>-<n>} for the others. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return address(options, spec, instance);
    }

    /** The API address of instance n (from 1) of a service, as these options place it. */
    static String address(ServiceOptions options, Spec spec, int instance) {
        return "http://127.0.0.1:" + port(options, spec, instance);
    }

    Spec spec() {
        return spec;
    }

    int instance() {
        return instance;
    }

    int port() {
        return port(options, spec, instance);
    }

    private static int port(ServiceOptions options, Spec spec, int instance) {
        return options.portBase() + spec.portOffset() + INSTANCE_PORT_STRIDE * (instance - 1);
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
        return home.resolve(name + ".log");
    }

    @Override
    public void start() {
        if (process.running().isPresent()) {
            return;
        }
        if (!isBuilt()) {
            throw new IllegalStateException(name + " is not built (" + jar + "): run ./mvnw package -DskipTests");
        }
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String db = spec.name();
        List<String> command = new ArrayList<>(List.of(
                Component.javaExecutable(),
                "-Dorderflow.stack.home=" + home,
                // Seven service JVMs share the machine with the infrastructure: the serial collector needs no
                // concurrent GC threads (the benchmark: 50.6 -> 42.1 ms of CPU per order, 36 -> 44 orders/s).
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port(),
                "-Dquarkus.oidc.auth-server-url=" + config.oidcUrl()));
        command.addAll(spec.equals(GATEWAY) ? routes() : List.of(
                "-Dkafka.bootstrap.servers=" + config.kafkaBootstrapServers(),
                "-Dmp.messaging.connector.smallrye-kafka.apicurio.registry.url=" + config.registryUrl(),
                "-Dquarkus.datasource.reactive.url=" + config.postgresReactiveUrl(db),
                "-Dquarkus.datasource.jdbc.url=" + config.postgresJdbcUrl(db),
                "-Dquarkus.datasource.username=" + db,
                "-Dorderflow.payment-gateway.url=" + config.paymentGatewayUrl(),
                "-Dorderflow.carrier.url=" + config.carrierUrl(),
                "-Dorderflow.smtp.host=127.0.0.1",
                "-Dorderflow.smtp.port=" + config.smtpPort()));
        command.addAll(aotCacheOptions());
        options.properties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        // Extra JVM options for every service (profiling, GC experiments), e.g. ORDERFLOW_SERVICE_JAVA_OPTS='-XX:StartFlightRecording'.
        String extra = System.getenv("ORDERFLOW_SERVICE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        // Passwords in the environment the service reads, not on its command line (which ps shows to everyone): its
        // database's and its Kafka login's (the ACLs of its KafkaUser in deploy/knative).
        Map<String, String> environment = new java.util.HashMap<>();
        if (!spec.equals(GATEWAY)) {
            environment.put("QUARKUS_DATASOURCE_PASSWORD", db);
            environment.putAll(KafkaLogin.of(config, spec.name()).environment());
        }
        launched = process.start(command, environment, home, log());
    }

    /** The gateway's configuration: every instance of each service with a public API, as this stack runs them. */
    List<String> routes() {
        return SERVICES.stream().filter(Spec::publicApi).map(s -> "-Dorderflow.gateway.routes." + s.name() + ".instances="
                + java.util.stream.IntStream.rangeClosed(1, options.instancesOf(s.name()))
                        .mapToObj(n -> address(options, s, n))
                        .collect(java.util.stream.Collectors.joining(","))).toList();
    }

    /** Where the service's AOT cache is kept: beside its build, so that a rebuild discards it. */
    Path aotCache() {
        return jar.resolveSibling("app.aot");
    }

    /**
     * On a JDK with an AOT cache (25 and later: JEP 483, 514, 515), a run of the service leaves what it
     * learnt for the next start: its classes loaded and linked, and its methods' profiles, so that a
     * new JVM neither loads them again nor runs interpreted until the JIT has profiled it afresh. The
     * first instance records the cache when there is none, or when the build is newer than it; the JVM
     * writes it when the service stops on SIGTERM ({@code down}, the end of a benchmark; a kill -9
     * writes none). Every instance starts from it once it is there.
     */
    List<String> aotCacheOptions() {
        if (!options.aotCache() || Runtime.version().feature() < 25) {
            return List.of();
        }
        Path cache = aotCache();
        try {
            if (Files.isRegularFile(cache)) {
                // Empty: its writing was cut short (the launcher killed while the JVM assembled it).
                if (Files.size(cache) > 0 && Files.getLastModifiedTime(cache).compareTo(newestOfBuild()) > 0) {
                    return List.of("-XX:AOTCache=" + cache);
                }
                if (instance == 1) {
                    Files.delete(cache); // the build changed since it was recorded, or it was never finished
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return instance == 1 ? List.of("-XX:AOTCacheOutput=" + cache) : List.of();
    }

    /**
     * Whether the running JVM started from the AOT cache ("used"), records one ("recording") or runs
     * without ("none"); empty when it does not run.
     */
    String aotCacheState() {
        return process().map(p -> ManagedProcess.commandLine(p.pid())).map(commandLine ->
                commandLine.contains("-XX:AOTCache=") ? "used" : commandLine.contains("-XX:AOTCacheOutput=") ? "recording" : "none")
                .orElse("");
    }

    /** The newest file of the build (target/quarkus-app), leaving out the cache and its recording. */
    private FileTime newestOfBuild() throws IOException {
        String cache = aotCache().getFileName().toString();
        try (Stream<Path> files = Files.walk(jar.getParent())) {
            return files.filter(f -> !f.getFileName().toString().startsWith(cache) && Files.isRegularFile(f)).map(f -> {
                try {
                    return Files.getLastModifiedTime(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max(FileTime::compareTo).orElseThrow();
        }
    }

    @Override
    public void awaitReady(Duration timeout) {
        URI ready = URI.create(address() + "/q/health/ready");
        Readiness.awaitHttp(name(), this::launchedOrRunning, log(), timeout, ready);
    }

    /**
     * The process this launcher started, while it lives: its own handle says so for certain, also in
     * the middle of its exec, when the kernel shows no command line for a moment (on a busy machine for
     * longer than the pid file's check waits: a restarted service was reported as exited while it
     * started). A service that an earlier launcher started is recognised by its pid file.
     */
    private Optional<ProcessHandle> launchedOrRunning() {
        ProcessHandle started = launched;
        return started != null ? Optional.of(started).filter(ProcessHandle::isAlive) : process.running();
    }

    @Override
    public void stop() {
        // A JVM that records its AOT cache writes it on the way out (a second JVM assembles it): give it time.
        stop("recording".equals(aotCacheState()) ? Duration.ofMinutes(3) : Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL if it has not ended within the grace period; returns whether it ended on its own. */
    boolean stop(Duration grace) {
        launched = null;
        return process.stop(grace);
    }

    /** kill -9: the service dies mid-work, as in a crash (fault tests); {@link #start()} brings it back. */
    void kill() {
        launched = null;
        process.kill();
    }
}
