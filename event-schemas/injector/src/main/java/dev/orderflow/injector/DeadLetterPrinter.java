package dev.orderflow.injector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.events.catalog.EventSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints a stream's dead letters: on stderr, one line per dead letter saying which consumer gave up
 * on it and why; on stdout, each decodable one as an injection line (type, key, original id, time,
 * source, data) ready to fix if needed and replay with {@link EventLineReader}. Reads the topic from
 * its beginning to its current end; commits nothing.
 *
 * <pre>java ... dev.orderflow.injector.DeadLetterPrinter &lt;stream&gt; &lt;bootstrap servers&gt; &lt;registry url&gt; [client properties file]</pre>
 * The client properties file (as Kafka's tools take it: {@code security.protocol}, {@code sasl.jaas.config}, ...)
 * is the login to read with; the local stack's operator has one (KAFKA_OPERATOR_CONFIG in its stack.env).
 */
public final class DeadLetterPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterPrinter() {
    }

    public static void main(String[] args) {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: DeadLetterPrinter <stream, e.g. orders> <bootstrap servers> <registry url> [client properties file]");
            System.exit(2);
        }
        String topic = args[0].endsWith(".dlq") ? args[0] : args[0] + ".dlq";
        Map<String, Object> client = new HashMap<>();
        if (args.length == 4) {
            Properties properties = new Properties();
            try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(args[3]))) {
                properties.load(in);
            } catch (java.io.IOException e) {
                System.err.println("cannot read the client properties " + args[3] + ": " + e.getMessage());
                System.exit(2);
            }
            properties.stringPropertyNames().forEach(name -> client.put(name, properties.getProperty(name)));
        }
        client.put("bootstrap.servers", args[1]);
        int printed = print(topic, client, args[2]);
        System.err.println(printed + " dead letter(s) on " + topic);
    }

    /** @param client where and as whom to read (bootstrap.servers and the login); read outside any consumer group */
    static int print(String topic, Map<String, Object> client, String registryUrl) {
        Map<String, Object> config = new HashMap<>(client);
        config.put("enable.auto.commit", "false");
        int count = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
             AvroKafkaDeserializer<SpecificRecord> avro = new AvroKafkaDeserializer<>()) {
            avro.configure(new HashMap<>(EventSerdeConfig.deserializer(registryUrl)), false);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    describe(record);
                    replayLine(record, avro);
                }
            }
        }
        return count;
    }

    private static void describe(ConsumerRecord<String, byte[]> record) {
        Headers h = record.headers();
        System.err.printf("%s-%d@%d key=%s: %s gave up on %s-%s@%s at %s: %s%n", record.topic(), record.partition(),
                record.offset(), record.key(), header(h, "dlq-consumer"), header(h, "dlq-original-topic"),
                header(h, "dlq-original-partition"), header(h, "dlq-original-offset"), header(h, "dlq-time"),
                header(h, "dlq-error"));
    }

    private static void replayLine(ConsumerRecord<String, byte[]> record, AvroKafkaDeserializer<SpecificRecord> avro) {
        String original = header(record.headers(), "dlq-original-topic");
        String dropped = header(record.headers(), "dlq-value-dropped");
        if (dropped != null) {
            System.err.printf("  its value (%s bytes) was too large to dead-letter with the headers; it is at %s-%s@%s%n", dropped,
                    original, header(record.headers(), "dlq-original-partition"), header(record.headers(), "dlq-original-offset"));
            return;
        }
        try {
            SpecificRecord event = avro.deserialize(original, record.headers(), record.value());
            ObjectNode line = JSON.createObjectNode();
            line.put("type", event.getSchema().getName());
            line.put("key", record.key());
            putIfPresent(line, "id", header(record.headers(), "ce_id"));
            putIfPresent(line, "time", header(record.headers(), "ce_time"));
            putIfPresent(line, "source", header(record.headers(), "ce_source"));
            line.set("data", AvroToJson.toJson(event));
            System.out.println(JSON.writeValueAsString(line));
        } catch (Exception e) {
            System.err.printf("  not replayable as an event (%s); its bytes, base64: %s%n", e.getMessage(),
                    record.value() == null ? "" : Base64.getEncoder().encodeToString(record.value()));
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
