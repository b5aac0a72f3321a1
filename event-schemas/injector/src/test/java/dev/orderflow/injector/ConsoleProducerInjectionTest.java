package dev.orderflow.injector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.orderflow.events.orders.OrderChannel;
import dev.orderflow.stack.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The stock console producer (org.apache.kafka.tools.ConsoleProducer, unmodified, in its own JVM)
 * with {@link EventLineReader}: a valid line reaches a Quarkus consumer as a typed event with key
 * and CloudEvents headers; an invalid line is refused with its line number and field, and nothing
 * is written.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class ConsoleProducerInjectionTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("orderflow.examples.dir", "../../deploy/local/examples"));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The operator's Kafka login (client properties), as deploy/local/inject passes it to the console producer. */
    @ConfigProperty(name = LocalStackResource.OPERATOR_CONFIG)
    String operatorConfig;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    @Inject
    ReceivedOrders orders;

    @Test
    void aLineFromTheStockConsoleProducerArrivesAsATypedEvent() throws Exception {
        Result result = consoleProducer(EXAMPLES.resolve("order-placed.jsonl"));
        assertThat(result.exitCode()).as(result.output()).isZero();

        ReceivedOrders.Received received = await().atMost(Duration.ofSeconds(60))
                .until(() -> orders.received().stream().filter(r -> r.key().equals("ord-console-1")).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(received.event().getOrderId()).isEqualTo("ord-console-1");
        assertThat(received.event().getChannel()).isEqualTo(OrderChannel.OPERATOR);
        assertThat(received.event().getOrder().getCustomer().getEmail()).isEqualTo("ada@example.org");
        assertThat(received.event().getOrder().getLines()).singleElement()
                .satisfies(line -> assertThat(line.getQuantity()).isEqualTo(2));
        assertThat(received.event().getOrder().getTotalMinor()).isEqualTo(4497L);
        assertThat(received.event().getOrder().getShippingAddress().getLine2()).isNull();
        assertThat(received.event().getOrder().getPlacedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(received.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "dev.orderflow.events.orders.OrderPlaced")
                .containsEntry("ce_source", "/orderflow/operator/console-producer")
                .containsEntry("ce_subject", "ord-console-1")
                .containsEntry("content-type", "application/avro")
                .containsKeys("ce_id", "ce_time");
    }

    @Test
    void anInvalidLineIsRefusedWithItsLineNumberAndFieldAndNothingIsWritten() throws Exception {
        Map<TopicPartition, Long> before = endOffsets("orders");

        Path input = Files.createTempFile("injection", ".jsonl");
        Files.writeString(input, "\n" + Files.readString(EXAMPLES.resolve("invalid-order.jsonl")), StandardCharsets.UTF_8);
        Result result = consoleProducer(input);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("line 2: data.order.lines[0].quantity: expected an int, got the string \"two\"")
                .contains("1 of 2 line(s) were refused and not sent");
        assertThat(endOffsets("orders")).isEqualTo(before);
    }

    private record Result(int exitCode, String output) {
    }

    private Result consoleProducer(Path input) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath,
                "org.apache.kafka.tools.ConsoleProducer",
                "--bootstrap-server", bootstrapServers,
                "--producer.config", operatorConfig,
                "--topic", "orders",
                "--line-reader", EventLineReader.class.getName(),
                "--property", "registry.url=" + registryUrl,
                "--producer-property", "acks=all"));
        Path output = Files.createTempFile("console-producer", ".out");
        Process process = new ProcessBuilder(command)
                .redirectInput(input.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("console producer finished").isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Properties operator = new Properties();
        try (var in = Files.newBufferedReader(Path.of(operatorConfig))) {
            operator.load(in);
        }
        try (Admin admin = Admin.create(operator)) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
