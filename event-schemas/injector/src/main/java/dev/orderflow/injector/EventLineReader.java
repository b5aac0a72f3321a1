package dev.orderflow.injector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.events.catalog.CloudEventHeaders;
import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.events.catalog.EventSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.tools.api.RecordReader;

/**
 * A {@code --line-reader} for the stock {@code kafka-console-producer}: each input line is one
 * event as JSON,
 *
 * <pre>{"type": "OrderPlaced", "data": {...}, "key": "...", "id": "...", "time": "...", "source": "..."}</pre>
 *
 * where only {@code type} (full or simple record name) and {@code data} are required. The data is
 * checked against the event's schema, encoded exactly as the services encode it (Apicurio Avro
 * serializer, record-id subject, schema id in the payload) and sent with the key (default: the
 * event's key field) and CloudEvents headers. A line that is not a valid event of the producer's
 * {@code --topic} is not sent: its line number and offending field go to stderr, the following
 * lines are still read, and the run ends with an error naming how many lines were refused.
 *
 * <p>Reader properties ({@code --property name=value}): {@code registry.url} (default
 * {@code $ORDERFLOW_REGISTRY_URL} or http://127.0.0.1:8090/apis/registry/v3) and {@code source}
 * (default /orderflow/operator/console-producer).
 */
public final class EventLineReader implements RecordReader {

    /** The run ended with refused lines; carries no stack trace, the message says it all. */
    public static final class RefusedLinesException extends RuntimeException {
        RefusedLinesException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> ENVELOPE = Set.of("type", "data", "key", "id", "time", "source");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventCatalog catalog = EventCatalog.load();
    private final AvroKafkaSerializer<GenericData.Record> serializer = new AvroKafkaSerializer<>();
    private String topic;
    private String defaultSource = "/orderflow/operator/console-producer";

    @Override
    public void configure(Map<String, ?> configs) {
        topic = String.valueOf(configs.get("topic"));
        if (catalog.stream(topic).isEmpty()) {
            throw new IllegalArgumentException("topic '" + topic + "' is not an event stream; streams: "
                    + catalog.streams().stream().map(EventCatalog.Stream::topic).toList());
        }
        Object source = configs.get("source");
        if (source != null) {
            defaultSource = source.toString();
        }
        Object url = configs.get("registry.url");
        String registryUrl = url != null ? url.toString()
                : System.getenv().getOrDefault("ORDERFLOW_REGISTRY_URL", "http://127.0.0.1:8090/apis/registry/v3");
        serializer.configure(new HashMap<>(EventSerdeConfig.serializer(registryUrl)), false);
    }

    @Override
    public Iterator<ProducerRecord<byte[], byte[]>> readRecords(InputStream inputStream) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(inputStream, StandardCharsets.UTF_8));
        return new Iterator<>() {
            private ProducerRecord<byte[], byte[]> next;
            private int lineNumber;
            private int refused;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    String line;
                    try {
                        line = lines.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (line == null) {
                        done = true;
                        break;
                    }
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        next = toRecord(line);
                    } catch (InvalidLineException e) {
                        refused++;
                        System.err.println("line " + lineNumber + ": " + e.getMessage() + " -- not sent");
                    }
                }
                if (next == null && refused > 0) {
                    throw new RefusedLinesException(refused + " of " + lineNumber + " line(s) were refused and not sent"
                            + " (see the messages above); the other lines were sent");
                }
                return next != null;
            }

            @Override
            public ProducerRecord<byte[], byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ProducerRecord<byte[], byte[]> record = next;
                next = null;
                return record;
            }
        };
    }

    /** An input line that is not a valid event; the message names the field. */
    static final class InvalidLineException extends Exception {
        InvalidLineException(String message) {
            super(message);
        }
    }

    ProducerRecord<byte[], byte[]> toRecord(String line) throws InvalidLineException {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidLineException("not JSON: " + e.getOriginalMessage());
        }
        if (envelope == null || !envelope.isObject()) {
            throw new InvalidLineException("expected a JSON object {\"type\": ..., \"data\": {...}}");
        }
        for (Iterator<String> names = envelope.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ENVELOPE.contains(name)) {
                throw new InvalidLineException("unknown field '" + name + "' (a line has " + ENVELOPE + ")");
            }
        }
        String typeName = text(envelope, "type", null);
        if (typeName == null) {
            throw new InvalidLineException("type: missing (an event type, e.g. OrderPlaced)");
        }
        EventCatalog.EventType type = catalog.eventType(typeName).orElseThrow(() -> new InvalidLineException(
                "type: '" + typeName + "' is not an event type of this system; on topic " + topic + ": "
                        + catalog.stream(topic).orElseThrow().events().stream().map(EventCatalog.EventType::simpleName).toList()));
        String eventTopic = catalog.streamOf(type).topic();
        if (!eventTopic.equals(topic)) {
            throw new InvalidLineException("type: " + type.simpleName() + " belongs on topic '" + eventTopic
                    + "', not '" + topic + "'");
        }
        JsonNode data = envelope.get("data");
        if (data == null) {
            throw new InvalidLineException("data: missing (the event itself)");
        }
        GenericData.Record event;
        try {
            event = JsonToAvro.record(type.schema(), data, "data");
        } catch (JsonToAvro.InvalidFieldException e) {
            throw new InvalidLineException(e.getMessage());
        }
        String key = text(envelope, "key", String.valueOf(event.get(type.key())));
        String id = text(envelope, "id", UUID.randomUUID().toString());
        String source = text(envelope, "source", defaultSource);
        Instant time;
        try {
            String given = text(envelope, "time", null);
            time = given == null ? Instant.now() : Instant.parse(given);
        } catch (DateTimeParseException e) {
            throw new InvalidLineException("time: not an ISO-8601 instant (e.g. 2026-01-31T12:00:00Z)");
        }
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(id, type.type(), source, time, key).forEach(headers::add);
        byte[] value;
        try {
            value = serializer.serialize(topic, headers, event);
        } catch (RuntimeException e) {
            throw new InvalidLineException("the registry has no schema for " + type.type() + " matching this build ("
                    + e.getMessage() + "); is the stack up with the current schemas?");
        }
        return new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    private static String text(JsonNode envelope, String field, String fallback) throws InvalidLineException {
        JsonNode node = envelope.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new InvalidLineException(field + ": expected a non-empty string, got " + node);
        }
        return node.textValue();
    }

    @Override
    public void close() {
        serializer.close();
    }
}
