package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.events.registry.RegistryClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stack's lifecycle on real processes: up brings every component to readiness with the project's
 * topics, databases and registry rule; a second up keeps what runs; down leaves no process and no
 * listening port; a launcher killed with -9 leaves nothing the next up/down cannot handle.
 */
class LocalStackLifecycleTest {

    private LocalStack stack;

    @AfterEach
    void stopEverything() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void upProvisionsEverythingIsIdempotentAndDownLeavesNothing() throws Exception {
        stack = new LocalStack(StackConfig.onFreePorts(freshDir("lifecycle")));
        StackConfig config = stack.config();

        List<LocalStack.Started> first = stack.up();
        assertThat(first).extracting(LocalStack.Started::component)
                .containsExactlyInAnyOrder("postgres", "kafka", "registry", "payment-gateway", "carrier", "mail", "keycloak");
        assertThat(first).noneMatch(LocalStack.Started::reused);
        assertThat(stack.isRunning()).isTrue();

        assertOnlyLoginsGetInAndEachDoesOnlyWhatItsAclsAllow(stack);
        try (Admin admin = Admin.create(stack.kafkaAdmin())) {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    Topics.all().stream().map(Topics.Spec::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            for (Topics.Spec spec : Topics.all()) {
                assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
            }
            var customers = new ConfigResource(ConfigResource.Type.TOPIC, "customers");
            var orders = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            var configs = admin.describeConfigs(List.of(customers, orders)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.get(customers).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(orders).get("cleanup.policy").value()).isEqualTo("delete");
        }

        // Every event schema is registered under its record-id subject with its stream's rule.
        RegistryClient registry = new RegistryClient(config.registryUrl());
        assertThat(registry.globalCompatibility()).contains("BACKWARD");
        EventCatalog catalog = EventCatalog.load();
        for (EventCatalog.EventType event : catalog.eventTypes()) {
            assertThat(registry.compatibility(event.registryGroup(), event.registryArtifact()))
                    .as(event.type()).contains(catalog.streamOf(event).compatibility().name());
            assertThat(registry.versions(event.registryGroup(), event.registryArtifact()))
                    .as(event.type()).hasSize(1);
        }
        assertThat(registry.compatibility("dev.orderflow.events.customers", "CustomerChanged")).contains("FULL");

        // The simulated external systems answer like the real ones would, declines and refusals included.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> authorized = http.send(HttpRequest.newBuilder(URI.create(config.paymentGatewayUrl() + "/v1/authorizations"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "pay-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amountMinor\": 4497, \"currency\": \"EUR\", \"token\": \"tok_visa\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorized.statusCode()).isEqualTo(201);
        assertThat(authorized.body()).contains("\"authorizationId\": \"auth-pay-1\"").contains("\"amountMinor\": 4497").contains("AUTHORIZED");
        HttpResponse<String> declined = http.send(HttpRequest.newBuilder(URI.create(config.paymentGatewayUrl() + "/v1/authorizations"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "pay-2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amountMinor\": 1, \"currency\": \"EUR\", \"token\": \"tok_decline_1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declined.statusCode()).isEqualTo(402);
        HttpResponse<String> scheduled = http.send(HttpRequest.newBuilder(URI.create(config.carrierUrl() + "/v1/shipments"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "o-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\": \"o-1\", \"address\": {\"postalCode\": \"10115\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scheduled.statusCode()).isEqualTo(201);
        assertThat(scheduled.body()).contains("trackingNumber").contains("shp-o-1");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(config.carrierUrl() + "/v1/shipments"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "o-2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\": \"o-2\", \"address\": {\"postalCode\": \"00000\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(config.mailApiUrl() + "/service/readiness")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        // Keycloak has the realm: the tools get a token by client credentials, a demo user by password; a wrong password none.
        assertThat(Tokens.tools(config.oidcUrl()).get()).isNotBlank();
        assertThat(Tokens.user(config.oidcUrl(), "ada", "ada").get()).isNotBlank();
        assertThatThrownBy(() -> Tokens.user(config.oidcUrl(), "ada", "not-her-password").get())
                .hasMessageContaining("invalid_grant");

        // Every service logs in to its own database with its own role.
        for (String database : List.of("order", "inventory", "catalog")) {
            try (Connection connection = DriverManager.getConnection(config.postgresJdbcUrl(database), database, database);
                 ResultSet rs = connection.createStatement().executeQuery("select current_database(), current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(database);
                assertThat(rs.getString(2)).isEqualTo(database);
            }
        }

        Properties addresses = new Properties();
        try (var reader = Files.newBufferedReader(config.runDir().resolve(LocalStack.ADDRESSES_FILE))) {
            addresses.load(reader);
        }
        assertThat(addresses.getProperty("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(config.kafkaBootstrapServers());
        assertThat(addresses.getProperty("REGISTRY_URL")).isEqualTo(config.registryUrl());
        assertThat(addresses.getProperty("POSTGRES_PORT")).isEqualTo(Integer.toString(config.postgresPort()));
        assertThat(addresses.getProperty("OIDC_URL")).isEqualTo(config.oidcUrl());

        assertThat(stack.status()).allSatisfy(s -> assertThat(s.memoryKb()).as(s.component()).isPositive());

        List<Long> componentPids = componentPids(stack);
        List<LocalStack.Started> second = stack.up();
        assertThat(second).allMatch(LocalStack.Started::reused);
        assertThat(componentPids(stack)).isEqualTo(componentPids);
        assertThat(registry.versions("dev.orderflow.events.orders", "OrderPlaced")).as("no second version").hasSize(1);

        List<Long> before = stack.pids();
        stack.down();
        assertNothingLeft(before, stack.ports());
        assertThat(stack.isRunning()).isFalse();
    }

    @Test
    void aLauncherKilledWithSigkillLeavesNothingTheNextUpCannotHandle() throws Exception {
        StackConfig config = StackConfig.onFreePorts(freshDir("killed-launcher"));
        stack = new LocalStack(config);

        // The real CLI in `run` mode, as a user would start it, in its own JVM.
        ProcessBuilder builder = new ProcessBuilder(Component.javaExecutable(),
                "-Dorderflow.stack.dist=" + config.distDir(),
                "-cp", System.getProperty("java.class.path"),
                StackCli.class.getName(), "run", "--dir", config.runDir().toString())
                .redirectErrorStream(true)
                .redirectOutput(config.runDir().resolveSibling("killed-launcher.out").toFile());
        Map<String, String> env = builder.environment();
        env.put("ORDERFLOW_KAFKA_PORT", Integer.toString(config.kafkaPort()));
        env.put("ORDERFLOW_CONTROLLER_PORT", Integer.toString(config.controllerPort()));
        env.put("ORDERFLOW_REGISTRY_PORT", Integer.toString(config.registryPort()));
        env.put("ORDERFLOW_REGISTRY_MANAGEMENT_PORT", Integer.toString(config.registryManagementPort()));
        env.put("ORDERFLOW_POSTGRES_PORT", Integer.toString(config.postgresPort()));
        env.put("ORDERFLOW_PAYMENT_GATEWAY_PORT", Integer.toString(config.paymentGatewayPort()));
        env.put("ORDERFLOW_CARRIER_PORT", Integer.toString(config.carrierPort()));
        env.put("ORDERFLOW_SMTP_PORT", Integer.toString(config.smtpPort()));
        env.put("ORDERFLOW_MAIL_API_PORT", Integer.toString(config.mailApiPort()));
        env.put("ORDERFLOW_KEYCLOAK_PORT", Integer.toString(config.keycloakPort()));
        env.put("ORDERFLOW_KEYCLOAK_MANAGEMENT_PORT", Integer.toString(config.keycloakManagementPort()));
        Process launcher = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!Files.exists(config.runDir().resolve(LocalStack.ADDRESSES_FILE))) {
                assertThat(launcher.isAlive()).as("launcher still running").isTrue();
                assertThat(System.nanoTime()).as("stack up within 3 minutes").isLessThan(deadline);
                Thread.sleep(200);
            }
        } finally {
            launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs
            launcher.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(stack.isRunning()).as("the stack survives its launcher").isTrue();

        // A crashed broker and a crashed Keycloak (its data was in memory) are restarted by the next up, Keycloak
        // with its realm again; the survivors are kept.
        for (String crashed : List.of("kafka", "keycloak")) {
            long pid = stack.status().stream().filter(s -> s.component().equals(crashed)).findFirst()
                    .orElseThrow().pid().orElseThrow();
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(30, TimeUnit.SECONDS);
        }

        Map<String, Boolean> reused = stack.up().stream()
                .collect(Collectors.toMap(LocalStack.Started::component, LocalStack.Started::reused));
        assertThat(reused).containsEntry("kafka", false).containsEntry("keycloak", false)
                .containsEntry("postgres", true).containsEntry("registry", true)
                .containsEntry("payment-gateway", true).containsEntry("carrier", true).containsEntry("mail", true);
        assertThat(Tokens.user(config.oidcUrl(), "grace", "grace").get()).as("the realm is back").isNotBlank();
        assertOnlyLoginsGetInAndEachDoesOnlyWhatItsAclsAllow(stack); // the logins and ACLs are in the broker's metadata

        List<Long> before = stack.pids();
        stack.down();
        assertNothingLeft(before, stack.ports());
    }

    /**
     * Kafka takes no one without a login, refuses a wrong password, and holds each login to its KafkaUser's ACLs:
     * a service writes its own stream and not another's; the operator writes a stream and reads dead letters, and
     * reads no stream.
     */
    private static void assertOnlyLoginsGetInAndEachDoesOnlyWhatItsAclsAllow(LocalStack stack) throws Exception {
        String bootstrap = stack.config().kafkaBootstrapServers();
        Map<String, Object> anonymous = Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 4000,
                "request.timeout.ms", 2000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)).as("no login").isNotNull();
        }
        Map<String, Object> wrongPassword = new java.util.HashMap<>(new KafkaLogin(bootstrap, "catalog", "guessed").clientProperties());
        wrongPassword.putAll(Map.of("default.api.timeout.ms", 4000, "request.timeout.ms", 2000));
        try (Admin admin = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
        }
        assertThat(send(stack.kafkaLogin("catalog"), "products")).as("catalog writes products").isNull();
        assertThat(send(stack.kafkaLogin("catalog"), "orders")).as("catalog writes no orders")
                .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
        assertThat(send(stack.kafkaLogin(KafkaLogin.OPERATOR), "orders")).as("the operator injects orders").isNull();
        assertThat(read(stack.kafkaLogin(KafkaLogin.OPERATOR), "orders.dlq")).as("the operator reads dead letters").isNull();
        assertThat(read(stack.kafkaLogin(KafkaLogin.OPERATOR), "customers")).as("the operator reads no stream")
                .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
    }

    /** What refused sending one record to the topic as this login (null: it was written). */
    private static Throwable send(KafkaLogin login, String topic) {
        Map<String, Object> config = new java.util.HashMap<>(login.clientProperties());
        config.putAll(Map.of("acks", "all", "max.block.ms", 10_000, "delivery.timeout.ms", 15_000, "request.timeout.ms", 5_000));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(config,
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "probe", "not an event")).get(20, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** What refused reading the topic as this login, outside any group (null: it was read). */
    private static Throwable read(KafkaLogin login, String topic) {
        Map<String, Object> config = new java.util.HashMap<>(login.clientProperties());
        config.put("default.api.timeout.ms", 10_000);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(java.time.Duration.ofSeconds(2));
            consumer.position(partition);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static List<Long> componentPids(LocalStack stack) {
        return stack.status().stream().map(s -> s.pid().orElseThrow()).toList();
    }

    private static void assertNothingLeft(List<Long> pids, List<Integer> ports) {
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty();
        }
        for (int port : ports) {
            assertThat(listening(port)).as("port %d still listening", port).isFalse();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static Path freshDir(String name) {
        Path dir = Path.of("target", name).toAbsolutePath();
        new LocalStack(StackConfig.onFreePorts(dir)).reset();
        return dir;
    }
}
