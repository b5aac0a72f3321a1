package dev.orderflow.stack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} the real stack: Kafka, Apicurio Registry, PostgreSQL and Keycloak as processes,
 * started once per test JVM (on free ports, under target/test-stack) and shared by every test class
 * of that JVM; stopped when the JVM exits. Supplies the addresses as configuration, so Dev Services
 * (which need a container engine) stay off.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = LocalStackResource.class,
 *         initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "order"))
 * }</pre>
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: the service's database (and login); created if missing. Defaults to "app". */
    public static final String DATABASE = "database";

    /** Init arg: extra topics the test needs, comma-separated, created before the application starts. */
    public static final String TOPICS = "topics";

    /** Configuration property: the operator's Kafka client properties file (what deploy/local/inject uses). */
    public static final String OPERATOR_CONFIG = "orderflow.stack.kafka-operator-config";

    private String database = "app";
    private List<String> topics = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE, database);
        topics = Arrays.stream(initArgs.getOrDefault(TOPICS, "").split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    @Override
    public Map<String, String> start() {
        LocalStack stack = SharedTestStack.get();
        stack.ensureDatabase(database);
        stack.createTopics(topics.stream().map(t -> new Topics.Spec(t, 6, false)).toList());
        StackConfig config = stack.config();
        Map<String, String> properties = new LinkedHashMap<>();
        // The application under test logs in as the stack's administrator: its tests publish and read any topic
        // through the same configuration (@Identifier("default-kafka-broker")). The services' own logins and ACLs
        // are exercised where they run as processes (the system tests).
        stack.kafkaAdmin().forEach((key, value) -> properties.put("kafka." + key, value.toString()));
        properties.put(OPERATOR_CONFIG, KafkaLogin.file(config, KafkaLogin.OPERATOR).toString());
        properties.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", config.registryUrl());
        properties.put("orderflow.registry.url", config.registryUrl());
        properties.put("quarkus.datasource.reactive.url", config.postgresReactiveUrl(database));
        properties.put("quarkus.datasource.jdbc.url", config.postgresJdbcUrl(database));
        properties.put("quarkus.datasource.username", database);
        properties.put("quarkus.datasource.password", database);
        properties.put("orderflow.payment-gateway.url", config.paymentGatewayUrl());
        properties.put("orderflow.carrier.url", config.carrierUrl());
        properties.put("orderflow.mail-api.url", config.mailApiUrl());
        properties.put("orderflow.smtp.host", "127.0.0.1");
        properties.put("orderflow.smtp.port", Integer.toString(config.smtpPort()));
        properties.put("quarkus.oidc.auth-server-url", config.oidcUrl());
        properties.put("quarkus.devservices.enabled", "false");
        return properties;
    }

    @Override
    public void stop() {
        // The stack outlives a single test class: it is stopped by the JVM shutdown hook.
    }
}
