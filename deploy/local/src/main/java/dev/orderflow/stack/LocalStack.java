package dev.orderflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.orderflow.events.catalog.EventCatalog;

/**
 * The embedded stack: PostgreSQL, Kafka (KRaft), Apicurio Registry, Keycloak and the simulators as real processes under one
 * run directory. {@link #up()} is idempotent (running, healthy components are kept), {@link #down()}
 * leaves no process behind, and both recover from a launcher that was killed with -9: every process
 * is found again from its pid file and recognised by its command line.
 */
public final class LocalStack {

    /** The file, in the run directory, where the addresses are written for other tools (KEY=value lines). */
    public static final String ADDRESSES_FILE = "stack.env";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final StackConfig config;
    private final Postgres postgres;
    private final KafkaBroker kafka;
    private final SchemaRegistry registry;
    private final IdentityProvider keycloak;
    private final List<Simulator> simulators;

    private final List<ServiceProcess> services;

    /** The infrastructure only (tests). */
    public LocalStack(StackConfig config) {
        this(config, null);
    }

    /**
     * @param repo the repository checkout whose built services {@link #startServices()} runs; null
     *             for infrastructure only
     */
    public LocalStack(StackConfig config, Path repo) {
        this(config, repo, ServiceOptions.defaults());
    }

    /**
     * @param repo    the repository checkout whose built services {@link #startServices()} runs
     * @param options the services' ports and extra configuration
     */
    public LocalStack(StackConfig config, Path repo, ServiceOptions options) {
        this.config = config;
        this.postgres = new Postgres(config);
        this.kafka = new KafkaBroker(config);
        this.registry = new SchemaRegistry(config);
        this.keycloak = new IdentityProvider(config);
        this.simulators = List.of(
                new Simulator("payment-gateway", Simulator.Kind.WIREMOCK, config.paymentGatewayPort(), config.paymentGatewayPort(), config),
                new Simulator("carrier", Simulator.Kind.WIREMOCK, config.carrierPort(), config.carrierPort(), config),
                new Simulator("mail", Simulator.Kind.GREENMAIL, config.smtpPort(), config.mailApiPort(), config));
        // The instances asked for, and any other that runs already (started with more instances before):
        // down, status and the benchmark see every instance there is.
        this.services = repo == null ? List.of()
                : Stream.concat(ServiceProcess.SERVICES.stream().flatMap(spec -> IntStream.rangeClosed(1, ServiceOptions.MAX_INSTANCES)
                        .mapToObj(n -> new ServiceProcess(spec, n, config, options, repo))
                        .filter(p -> p.instance() <= options.instancesOf(spec.name()) || p.process().isPresent())),
                        Stream.of(new ServiceProcess(ServiceProcess.GATEWAY, 1, config, options, repo))).toList();
    }

    public StackConfig config() {
        return config;
    }

    /** Tokens for the stack's own tools (operator and finance): what the demo, the benchmark and the tests send. */
    public Tokens toolTokens() {
        return Tokens.tools(config.oidcUrl());
    }

    /** Whether this stack runs the services too (it was given a repository checkout), or only the infrastructure. */
    public boolean hasServices() {
        return !services.isEmpty();
    }

    /** The API address of a service this stack runs (e.g. {@code http://127.0.0.1:8103} for order). */
    public String serviceUrl(String name) {
        return service(name).address();
    }

    /**
     * The one address clients call: the gateway routes {@code /orders}, {@code /products}, {@code /customers},
     * {@code /stock} and {@code /payments} to the services' instances, once it has checked the token.
     */
    public String gatewayUrl() {
        return serviceUrl(ServiceProcess.GATEWAY.name());
    }

    /**
     * A Kafka login of this stack: a service's (its ACLs), {@link KafkaLogin#OPERATOR} or {@link KafkaLogin#ADMIN}
     * (every right: the tests' and the tools' own clients).
     */
    public KafkaLogin kafkaLogin(String user) {
        return KafkaLogin.of(config, user);
    }

    /** The administrator's Kafka client properties (address and login): for test and benchmark clients. */
    public Map<String, Object> kafkaAdmin() {
        return kafkaLogin(KafkaLogin.ADMIN).clientProperties();
    }

    /** The addresses of every instance of a service (the first one's first), as a load balancer would spread over. */
    public List<String> instanceUrls(String service) {
        return services.stream().filter(s -> s.spec().name().equals(service)).map(ServiceProcess::address).toList();
    }

    /** What {@link #up()} did, component by component. */
    public record Started(String component, String address, boolean reused, Duration readyAfter) {
    }

    /**
     * Starts whatever is not running, waits until every component answers, provisions databases,
     * topics and the registry rule, and writes the addresses file. Returns when everything is ready.
     */
    public List<Started> up() {
        return withLock(() -> {
            long t0 = System.nanoTime();
            List<Started> started = new ArrayList<>();
            boolean postgresRunning = postgres.process().isPresent();
            boolean kafkaRunning = kafka.process().isPresent();
            boolean registryRunning = registry.process().isPresent();

            // Kafka and the simulators need nothing else: they boot while PostgreSQL and then the registry come up.
            List<Boolean> simulatorsRunning = simulators.stream().map(s -> s.process().isPresent()).toList();
            boolean keycloakRunning = keycloak.process().isPresent();
            kafka.start();
            simulators.forEach(Simulator::start);
            keycloak.start();
            postgres.start();
            postgres.awaitReady(READY_TIMEOUT);
            started.add(new Started(postgres.name(), postgres.address(), postgresRunning, since(t0)));
            for (String database : config.databases()) {
                postgres.ensureDatabase(database);
            }
            postgres.ensureDatabase(StackConfig.REGISTRY_DATABASE);
            postgres.ensureStatementStatistics();

            registry.start();
            CompletableFuture<Duration> registryReady = CompletableFuture.supplyAsync(() -> {
                registry.awaitReady(READY_TIMEOUT);
                registry.registerEventSchemas(EventCatalog.load());
                return since(t0);
            });
            kafka.awaitReady(READY_TIMEOUT);
            kafka.createTopics(Topics.all());
            kafka.ensureLogins();
            started.add(new Started(kafka.name(), kafka.address(), kafkaRunning, since(t0)));
            try {
                started.add(new Started(registry.name(), registry.address(), registryRunning, registryReady.join()));
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            for (int i = 0; i < simulators.size(); i++) {
                Simulator simulator = simulators.get(i);
                simulator.awaitReady(READY_TIMEOUT);
                started.add(new Started(simulator.name(), simulator.address(), simulatorsRunning.get(i), since(t0)));
            }
            keycloak.awaitReady(READY_TIMEOUT);
            keycloak.ensureRealm();
            started.add(new Started(keycloak.name(), keycloak.address(), keycloakRunning, since(t0)));
            writeAddresses();
            return started;
        });
    }

    /**
     * Starts the services (the stack must be up), all at once, and waits until each is ready;
     * returns how long each took.
     */
    public List<Started> startServices() {
        return withLock(() -> {
            long t0 = System.nanoTime();
            List<Boolean> running = services.stream().map(s -> s.process().isPresent()).toList();
            services.forEach(ServiceProcess::start);
            List<Started> started = new ArrayList<>();
            for (int i = 0; i < services.size(); i++) {
                ServiceProcess service = services.get(i);
                service.awaitReady(READY_TIMEOUT);
                started.add(new Started(service.name(), service.address(), running.get(i), since(t0)));
            }
            return started;
        });
    }

    /** Stops every service, then every component (registry first, PostgreSQL last), and waits until each process is gone. */
    public void down() {
        withLock(() -> {
            services.parallelStream().forEach(ServiceProcess::stop);
            simulators.parallelStream().forEach(Simulator::stop);
            keycloak.stop();
            registry.stop();
            kafka.stop();
            postgres.stop();
            return null;
        });
    }

    /** Kills a service with SIGKILL mid-work, as a crash would (fault tests); {@link #startService} brings it back. */
    public void killService(String name) {
        withLock(() -> {
            service(name).kill();
            return null;
        });
    }

    /** Stops a service gracefully (its consumers leave their groups); {@link #startService} brings it back. */
    public void stopService(String name) {
        withLock(() -> {
            service(name).stop();
            return null;
        });
    }

    /**
     * For each running service instance, whether its JVM started from the service's AOT cache
     * ("used"), records one ("recording") or runs without ("none"): the first run of a new build is slower.
     */
    public Map<String, String> aotCaches() {
        Map<String, String> caches = new TreeMap<>();
        services.forEach(service -> {
            String state = service.aotCacheState();
            if (!state.isEmpty()) {
                caches.put(service.name(), state);
            }
        });
        return caches;
    }

    /** How a service took a SIGTERM: how long until it was gone, and whether it ended on its own or had to be killed. */
    public record Stopped(String service, Duration took, boolean onItsOwn) {
    }

    /**
     * Sends SIGTERM to every running service at once, as an orchestrator draining a node would, and
     * kills any that has not ended within the grace period; {@link #startServices} brings them back.
     */
    public List<Stopped> stopServices(Duration grace) {
        return withLock(() -> services.parallelStream().filter(s -> s.process().isPresent()).map(service -> {
            long t0 = System.nanoTime();
            boolean onItsOwn = service.stop(grace);
            return new Stopped(service.name(), since(t0), onItsOwn);
        }).toList());
    }

    /** Starts one service unless it runs, and waits until it is ready. */
    public Started startService(String name) {
        return withLock(() -> {
            long t0 = System.nanoTime();
            ServiceProcess service = service(name);
            boolean running = service.process().isPresent();
            service.start();
            service.awaitReady(READY_TIMEOUT);
            return new Started(service.name(), service.address(), running, since(t0));
        });
    }

    private ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** Stops the broker alone (failure tests); the next {@link #up()} starts it again with its data. */
    public void stopKafka() {
        withLock(() -> {
            kafka.stop();
            return null;
        });
    }

    /** Kills the broker with SIGKILL (fault tests); the next {@link #up()} starts it again with its data. */
    public void killKafka() {
        withLock(() -> {
            kafka.kill();
            return null;
        });
    }

    /** Kills PostgreSQL with SIGKILL (fault tests); the next {@link #up()} starts it again, after crash recovery. */
    public void killPostgres() {
        withLock(() -> {
            postgres.kill();
            return null;
        });
    }

    /** Stops everything and deletes the run directory. */
    public void reset() {
        down();
        deleteRecursively(config.runDir());
    }

    /** A component's state for {@code status}. */
    public record Status(String component, String address, Optional<Long> pid, long memoryKb, Path log) {
        public boolean running() {
            return pid.isPresent();
        }
    }

    public List<Status> status() {
        List<Status> result = new ArrayList<>();
        for (Component component : everything()) {
            Optional<ProcessHandle> process = component.process();
            result.add(new Status(component.name(), component.address(), process.map(ProcessHandle::pid),
                    process.map(ManagedProcess::memoryKb).orElse(0L), component.log()));
        }
        return result;
    }

    /** True when every component's process runs (readiness is what {@link #up()} checks). */
    public boolean isRunning() {
        return components().stream().allMatch(c -> c.process().isPresent());
    }

    /** Pids of every live process of the stack, including the PostgreSQL backends. */
    public List<Long> pids() {
        return everything().stream()
                .flatMap(c -> c.process().stream())
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .map(ProcessHandle::pid)
                .toList();
    }

    public List<Integer> ports() {
        return List.of(config.postgresPort(), config.kafkaPort(), config.controllerPort(), config.registryPort(),
                config.registryManagementPort(), config.paymentGatewayPort(), config.carrierPort(), config.smtpPort(),
                config.mailApiPort(), config.keycloakPort(), config.keycloakManagementPort());
    }

    /** Addresses as written to {@value #ADDRESSES_FILE}: shell-sourceable and readable as Java properties. */
    public Map<String, String> addresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrapServers());
        // The operator's Kafka login, as client properties for Kafka's own tools (--producer.config, --command-config).
        addresses.put("KAFKA_OPERATOR_CONFIG", KafkaLogin.file(config, KafkaLogin.OPERATOR).toString());
        addresses.put("REGISTRY_URL", config.registryUrl());
        addresses.put("REGISTRY_HEALTH_URL", "http://127.0.0.1:" + config.registryManagementPort() + "/health");
        addresses.put("POSTGRES_HOST", "127.0.0.1");
        addresses.put("POSTGRES_PORT", Integer.toString(config.postgresPort()));
        addresses.put("POSTGRES_SUPERUSER", Postgres.SUPERUSER);
        addresses.put("POSTGRES_SUPERUSER_PASSWORD", Postgres.SUPERUSER_PASSWORD);
        addresses.put("POSTGRES_DATABASES", String.join(",", config.databases()));
        addresses.put("PAYMENT_GATEWAY_URL", config.paymentGatewayUrl());
        addresses.put("CARRIER_URL", config.carrierUrl());
        addresses.put("SMTP_HOST", "127.0.0.1");
        addresses.put("SMTP_PORT", Integer.toString(config.smtpPort()));
        addresses.put("MAIL_API_URL", config.mailApiUrl());
        addresses.put("OIDC_URL", config.oidcUrl());
        addresses.put("OIDC_TOKEN_URL", config.oidcUrl() + "/protocol/openid-connect/token");
        addresses.put("KEYCLOAK_CONSOLE_URL", "http://127.0.0.1:" + config.keycloakPort() + "/admin/master/console/");
        if (hasServices()) {
            addresses.put("API_URL", gatewayUrl());
        }
        addresses.put("RUN_DIR", config.runDir().toString());
        return addresses;
    }

    /** Creates a service's database and login (name = password) if missing; for tests and new services. */
    public void ensureDatabase(String name) {
        postgres.ensureDatabase(name);
    }

    /** What PostgreSQL spends on each statement of each database (pg_stat_statements). */
    StatementStatistics statementStatistics() {
        return new StatementStatistics(postgres);
    }

    /** Creates topics beyond the project's own (tests use their own topics); existing ones are kept. */
    public List<String> createTopics(List<Topics.Spec> topics) {
        return kafka.createTopics(topics);
    }

    private void writeAddresses() {
        StringBuilder out = new StringBuilder("# orderflow local stack: where everything listens (KEY=value).\n");
        addresses().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        try {
            Files.writeString(config.runDir().resolve(ADDRESSES_FILE), out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Component> components() {
        List<Component> all = new ArrayList<>(List.of(postgres, kafka, registry));
        all.addAll(simulators);
        all.add(keycloak);
        return all;
    }

    /** The infrastructure, then the services that are built. */
    private List<Component> everything() {
        List<Component> all = new ArrayList<>(components());
        services.stream().filter(s -> s.isBuilt() || s.process().isPresent()).forEach(all::add);
        return all;
    }

    private <T> T withLock(java.util.function.Supplier<T> action) {
        try {
            Files.createDirectories(config.runDir());
            try (FileChannel channel = FileChannel.open(config.runDir().resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
