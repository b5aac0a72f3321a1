package dev.orderflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Where the local stack lives and which ports it listens on.
 *
 * @param distDir       the assembled distribution (kafka-lib/, apicurio/, postgres/) from local-stack-dist
 * @param runDir        data and logs of every component; kept between runs unless started fresh
 * @param kafkaPort     Kafka client listener (SASL/SCRAM, 127.0.0.1)
 * @param controllerPort KRaft controller listener
 * @param registryPort  Apicurio Registry REST API
 * @param registryManagementPort Apicurio Registry health endpoints
 * @param postgresPort  PostgreSQL
 * @param paymentGatewayPort the simulated payment gateway (HTTP)
 * @param carrierPort   the simulated carrier API (HTTP)
 * @param smtpPort      the simulated mail server (SMTP)
 * @param mailApiPort   the mail server's REST API (what arrived)
 * @param keycloakPort  the OIDC provider (Keycloak): tokens, its console
 * @param keycloakManagementPort Keycloak's health endpoints
 * @param databases     one database and one login (same name, same password) per service
 */
public record StackConfig(
        Path distDir,
        Path runDir,
        int kafkaPort,
        int controllerPort,
        int registryPort,
        int registryManagementPort,
        int postgresPort,
        int paymentGatewayPort,
        int carrierPort,
        int smtpPort,
        int mailApiPort,
        int keycloakPort,
        int keycloakManagementPort,
        List<String> databases) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_REGISTRY_PORT = 8090;
    public static final int DEFAULT_REGISTRY_MANAGEMENT_PORT = 8091;
    /** Not 5432, so that a PostgreSQL already installed on the machine does not collide. */
    public static final int DEFAULT_POSTGRES_PORT = 5433;
    public static final int DEFAULT_PAYMENT_GATEWAY_PORT = 8095;
    public static final int DEFAULT_CARRIER_PORT = 8096;
    public static final int DEFAULT_SMTP_PORT = 3025;
    public static final int DEFAULT_MAIL_API_PORT = 8097;
    /** Between the services' ports (8101-8187 with nine instances each) and clear of them. */
    public static final int DEFAULT_KEYCLOAK_PORT = 8180;
    public static final int DEFAULT_KEYCLOAK_MANAGEMENT_PORT = 8190;
    private static final int PORTS = 11;

    /** Every service's database; the registry keeps its schemas in PostgreSQL too. */
    public static final List<String> SERVICE_DATABASES = List.of(
            "order", "inventory", "payment", "shipping", "notification", "customer", "catalog",
            "invoice", "analytics", "cart");
    public static final String REGISTRY_DATABASE = "registry";

    public StackConfig {
        databases = List.copyOf(databases);
    }

    /**
     * Defaults, overridden by environment variables (ORDERFLOW_KAFKA_PORT, ...) so that scripts and
     * other tools can move the stack without flags.
     */
    public static StackConfig defaults(Path runDir) {
        Map<String, String> env = System.getenv();
        return new StackConfig(
                locateDist(),
                runDir,
                port(env, "ORDERFLOW_KAFKA_PORT", DEFAULT_KAFKA_PORT),
                port(env, "ORDERFLOW_CONTROLLER_PORT", DEFAULT_CONTROLLER_PORT),
                port(env, "ORDERFLOW_REGISTRY_PORT", DEFAULT_REGISTRY_PORT),
                port(env, "ORDERFLOW_REGISTRY_MANAGEMENT_PORT", DEFAULT_REGISTRY_MANAGEMENT_PORT),
                port(env, "ORDERFLOW_POSTGRES_PORT", DEFAULT_POSTGRES_PORT),
                port(env, "ORDERFLOW_PAYMENT_GATEWAY_PORT", DEFAULT_PAYMENT_GATEWAY_PORT),
                port(env, "ORDERFLOW_CARRIER_PORT", DEFAULT_CARRIER_PORT),
                port(env, "ORDERFLOW_SMTP_PORT", DEFAULT_SMTP_PORT),
                port(env, "ORDERFLOW_MAIL_API_PORT", DEFAULT_MAIL_API_PORT),
                port(env, "ORDERFLOW_KEYCLOAK_PORT", DEFAULT_KEYCLOAK_PORT),
                port(env, "ORDERFLOW_KEYCLOAK_MANAGEMENT_PORT", DEFAULT_KEYCLOAK_MANAGEMENT_PORT),
                SERVICE_DATABASES);
    }

    /** A stack on free ephemeral ports, for tests that must not collide with anything. */
    public static StackConfig onFreePorts(Path runDir) {
        return onPorts(runDir, freePorts(PORTS));
    }

    /** A stack on these ports, in the order of {@link #ports()}. */
    public static StackConfig onPorts(Path runDir, int... ports) {
        if (ports.length != PORTS) {
            throw new IllegalArgumentException(PORTS + " ports expected, got " + ports.length);
        }
        return new StackConfig(locateDist(), runDir, ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6],
                ports[7], ports[8], ports[9], ports[10], SERVICE_DATABASES);
    }

    /** Every port, in the order {@link #onPorts} takes them. */
    public int[] ports() {
        return new int[] {kafkaPort, controllerPort, registryPort, registryManagementPort, postgresPort,
                paymentGatewayPort, carrierPort, smtpPort, mailApiPort, keycloakPort, keycloakManagementPort};
    }

    /** The issuer the services trust: Keycloak's realm of the stack. */
    public String oidcUrl() {
        return "http://127.0.0.1:" + keycloakPort + "/realms/" + IdentityProvider.REALM;
    }

    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + registryPort + "/apis/registry/v3";
    }

    public String paymentGatewayUrl() {
        return "http://127.0.0.1:" + paymentGatewayPort;
    }

    public String carrierUrl() {
        return "http://127.0.0.1:" + carrierPort;
    }

    public String mailApiUrl() {
        return "http://127.0.0.1:" + mailApiPort + "/api";
    }

    public String postgresJdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    public String postgresReactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    /**
     * The distribution directory: the system property or environment variable when set, otherwise
     * found next to this launcher in the source tree (deploy/local/target → deploy/local/dist/target).
     */
    static Path locateDist() {
        String configured = System.getProperty("orderflow.stack.dist", System.getenv("ORDERFLOW_STACK_DIST"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        try {
            Path codeSource = Path.of(StackConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/classes or target/local-stack-*.jar
            Path moduleDir = codeSource.getParent().getParent();
            Path candidate = moduleDir.resolve("dist/target/stack-dist");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            throw new IllegalStateException("No stack distribution at " + candidate
                    + "; build it with ./mvnw -pl deploy/local -am package or set -Dorderflow.stack.dist");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static int[] freePorts(int count) {
        int first = FreePorts.block(count);
        return IntStream.range(first, first + count).toArray();
    }
}
