package dev.orderflow.stack;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One login of the local stack's Kafka (SASL/SCRAM-SHA-512 over 127.0.0.1): a service's, the operator's, or
 * the stack's own administrator. The password is made once per run directory and kept with the client
 * properties Kafka's tools read ({@code --producer.config}, {@code --command-config}) in
 * {@code <run dir>/kafka/users/<user>.properties}, readable by its owner only; services get it in their
 * environment, never on a command line.
 */
public record KafkaLogin(String bootstrapServers, String user, String password) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String PROTOCOL = "SASL_PLAINTEXT";
    /** The super user: the broker itself, the launcher, and the tests' own clients. */
    public static final String ADMIN = "admin";
    /** Who injects events and reads dead letters (deploy/local/inject, deploy/local/dead-letters). */
    public static final String OPERATOR = "operator";

    private static final Set<String> CONNECTION_KEYS = Set.of("bootstrap.servers", "security.protocol", "sasl.mechanism",
            "sasl.jaas.config");
    private static final Pattern PASSWORD = Pattern.compile("password=\"([^\"]*)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The login of {@code user} in this stack's run directory: made (with a new password) the first time. */
    public static synchronized KafkaLogin of(StackConfig config, String user) {
        Path file = file(config, user);
        try {
            String password = null;
            if (Files.isRegularFile(file)) {
                Properties existing = new Properties();
                existing.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
                Matcher m = PASSWORD.matcher(existing.getProperty("sasl.jaas.config", ""));
                password = m.find() ? m.group(1) : null;
            }
            KafkaLogin login = new KafkaLogin(config.kafkaBootstrapServers(), user, password != null ? password : newPassword());
            login.write(file);
            return login;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code user} has a login in this run directory yet. */
    static boolean exists(StackConfig config, String user) {
        return Files.isRegularFile(file(config, user));
    }

    /** Where the client properties of {@code user} are kept. */
    public static Path file(StackConfig config, String user) {
        return config.runDir().resolve("kafka").resolve("users").resolve(user + ".properties");
    }

    /**
     * The connection part of a Kafka client configuration (a Quarkus application's {@code default-kafka-broker}
     * map, or {@link #clientProperties()}): address and login, nothing else.
     */
    public static Map<String, Object> connection(Map<String, ?> kafka) {
        Map<String, Object> connection = new LinkedHashMap<>();
        kafka.forEach((key, value) -> {
            if (CONNECTION_KEYS.contains(key)) {
                connection.put(key, value);
            }
        });
        if (!connection.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("no bootstrap.servers in the Kafka configuration " + kafka.keySet());
        }
        return connection;
    }

    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** What a Kafka client needs to connect as this login. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("security.protocol", PROTOCOL);
        properties.put("sasl.mechanism", MECHANISM);
        properties.put("sasl.jaas.config", jaasConfig());
        return properties;
    }

    /** The same for a Quarkus service, in its environment (Quarkus maps KAFKA_SASL_JAAS_CONFIG to kafka.sasl.jaas.config). */
    public Map<String, String> environment() {
        return Map.of("KAFKA_SECURITY_PROTOCOL", PROTOCOL, "KAFKA_SASL_MECHANISM", MECHANISM, "KAFKA_SASL_JAAS_CONFIG", jaasConfig());
    }

    @Override
    public String toString() {
        return "KafkaLogin[" + user + "@" + bootstrapServers + "]"; // never the password
    }

    /** Kept as the client properties Kafka's tools read (rewritten only when they change, e.g. a new port). */
    private void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder("# The local stack's Kafka login of '" + user + "' (SASL/" + MECHANISM
                + "), for Kafka's tools:\n# kafka-console-producer --producer.config THIS_FILE, kafka-topics --command-config THIS_FILE\n");
        clientProperties().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        SecretFiles.write(file, text.toString());
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
