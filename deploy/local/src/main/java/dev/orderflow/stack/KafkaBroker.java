package dev.orderflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node Kafka in KRaft mode (broker and controller in one JVM), from the kafka_2.13 jars. Nobody gets in
 * without a login: clients authenticate with SASL/SCRAM-SHA-512 (one login per service and one for the operator,
 * {@link KafkaLogin}) and may do only what their ACLs allow, the same ACLs as the cluster's KafkaUsers
 * ({@link KafkaUsers}); the controller listener takes SASL/PLAIN from the broker itself. The stack's administrator
 * ({@code admin}) is the only super user.
 */
final class KafkaBroker implements Component {

    private final StackConfig config;
    private final Path home;
    private final ManagedProcess process;

    KafkaBroker(StackConfig config) {
        this.config = config;
        this.home = config.runDir().resolve("kafka");
        this.process = new ManagedProcess(name(), home.resolve("kafka.pid"), "-Dorderflow.stack.home=" + home);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String address() {
        return config.kafkaBootstrapServers();
    }

    @Override
    public Optional<ProcessHandle> process() {
        return process.running();
    }

    @Override
    public Path log() {
        return home.resolve("kafka.log");
    }

    @Override
    public void start() {
        if (process.running().isPresent()) {
            return;
        }
        try {
            Files.createDirectories(home);
            if (!KafkaLogin.exists(config, KafkaLogin.ADMIN) && Files.exists(home.resolve("data"))) {
                // Data from a stack without logins: its metadata has no administrator to start from.
                System.err.println("kafka: the data in " + home.resolve("data") + " predates Kafka logins; starting it afresh");
                LocalStack.deleteRecursively(home.resolve("data"));
            }
            KafkaLogin admin = KafkaLogin.of(config, KafkaLogin.ADMIN);
            Path properties = home.resolve("server.properties");
            SecretFiles.write(properties, serverProperties(admin)); // it holds the administrator's password
            Files.writeString(home.resolve("log4j2.properties"), LOG4J2, StandardCharsets.UTF_8);
            formatStorageOnce(properties, admin);
            process.start(command("kafka.Kafka", properties.toString()), Map.of(), home, log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String serverProperties(KafkaLogin admin) {
        return String.join("\n",
                "# Written by the orderflow local stack at every start; edit StackConfig, not this file.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + config.controllerPort(),
                "listeners=CLIENT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://127.0.0.1:" + config.controllerPort(),
                "advertised.listeners=CLIENT://127.0.0.1:" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=CLIENT",
                "listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT",
                // Clients: SCRAM (credentials in the cluster's metadata, one per login). The controller: PLAIN with the
                // administrator only (SCRAM's credentials live in the metadata the controller serves, so it cannot
                // use them itself).
                "listener.name.client.sasl.enabled.mechanisms=" + KafkaLogin.MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + KafkaLogin.MECHANISM,
                "listener.name.client.scram-sha-512.sasl.jaas.config=" + admin.jaasConfig(),
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"" + admin.user() + "\" password=\"" + admin.password() + "\" user_" + admin.user()
                        + "=\"" + admin.password() + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + admin.user(),
                "allow.everyone.if.no.acl.found=false",
                "log.dirs=" + home.resolve("data"),
                // Topics are created explicitly (Topics), never by a typo in a consumer's config.
                "auto.create.topics.enable=false",
                "num.partitions=6",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=12",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "")
                + "\n";
    }

    private void formatStorageOnce(Path properties, KafkaLogin admin) throws IOException {
        if (Files.exists(home.resolve("data/meta.properties"))) {
            return;
        }
        // The administrator's SCRAM credential goes into the first metadata; the command (its password with it)
        // into an argument file that the java launcher reads, so that no process list shows it.
        List<String> format = command("kafka.tools.StorageTool", "format",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString(), "--ignore-formatted",
                "--add-scram", KafkaLogin.MECHANISM + "=[name=" + admin.user() + ",password=" + admin.password() + "]");
        Path arguments = home.resolve("format.args");
        SecretFiles.write(arguments, format.stream().skip(1).map(KafkaBroker::quoted).collect(Collectors.joining("\n")) + "\n");
        Process formatter = new ProcessBuilder(format.getFirst(), "@" + arguments)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        try {
            if (!formatter.waitFor(2, TimeUnit.MINUTES) || formatter.exitValue() != 0) {
                formatter.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed; see " + log() + ":\n"
                        + ManagedProcess.tail(log(), 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(arguments);
        }
    }

    /** An argument of a java launcher argument file: quoted, so that spaces and '#' stay in it. */
    private static String quoted(String argument) {
        return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }


    private List<String> command(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Component.javaExecutable(),
                "-Dorderflow.stack.home=" + home,
                "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + home.resolve("logs"),
                "-cp", config.distDir().resolve("kafka-lib") + "/*",
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** Ready when the Admin API answers with a registered broker (not when a log line appears). */
    @Override
    public void awaitReady(Duration timeout) {
        try (Admin admin = admin(Duration.ofSeconds(3))) {
            Readiness.await(name(), process::running, log(), timeout, () -> {
                try {
                    int nodes = admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).size();
                    return nodes > 0 ? Optional.empty() : Optional.of("no broker registered yet");
                } catch (Exception e) {
                    return Optional.of(String.valueOf(e.getMessage()));
                }
            });
        }
    }

    /** Creates the missing topics with their partition counts and cleanup policies. */
    List<String> createTopics(List<Topics.Spec> topics) {
        try (Admin admin = admin(Duration.ofSeconds(30))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                for (var result : admin.createTopics(missing).values().entrySet()) {
                    try {
                        result.getValue().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            return missing.stream().map(NewTopic::name).collect(Collectors.toList());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + address() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every login of the manifests' KafkaUsers (the services', the operator's) exists with its password of this run directory,
     * and holds exactly its ACLs (what it held before and no longer should is taken away). Run at each start:
     * a new login, a changed ACL in kafka-users.yaml, take effect without a reset.
     */
    List<String> ensureLogins() {
        Map<String, List<AclBinding>> users = KafkaUsers.fromManifest();
        try (Admin admin = admin(Duration.ofSeconds(30))) {
            List<UserScramCredentialAlteration> credentials = new ArrayList<>();
            for (String user : users.keySet()) {
                credentials.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        KafkaLogin.of(config, user).password()));
            }
            admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
            Set<AclBinding> wanted = users.values().stream().flatMap(List::stream).collect(Collectors.toSet());
            Set<AclBinding> held = new java.util.HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
            List<AclBindingFilter> stale = held.stream().filter(b -> !wanted.contains(b)).map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(30, TimeUnit.SECONDS);
            }
            List<AclBinding> missing = wanted.stream().filter(b -> !held.contains(b)).toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(30, TimeUnit.SECONDS);
            }
            return List.copyOf(users.keySet());
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the Kafka logins on " + address() + ": " + e.getMessage(), e);
        }
    }

    Admin admin(Duration timeout) {
        Properties props = new Properties();
        props.putAll(KafkaLogin.of(config, KafkaLogin.ADMIN).clientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(props);
    }

    @Override
    public void stop() {
        // SIGTERM makes Kafka shut down cleanly (controlled shutdown, flushed logs).
        process.stop(Duration.ofSeconds(30));
    }

    /** SIGKILL, as a crash would end the broker (fault tests); it recovers its logs when started again. */
    void kill() {
        process.kill();
    }

    private static final String LOG4J2 = """
            # Kafka's log, written to stdout which the launcher sends to kafka.log.
            status = warn
            appender.console.type = Console
            appender.console.name = STDOUT
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n
            rootLogger.level = INFO
            rootLogger.appenderRef.stdout.ref = STDOUT
            logger.state.name = state.change.logger
            logger.state.level = WARN
            logger.request.name = kafka.request.logger
            logger.request.level = WARN
            """;
}
