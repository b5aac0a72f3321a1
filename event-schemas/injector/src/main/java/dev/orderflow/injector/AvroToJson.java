package dev.orderflow.injector;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** The inverse of {@link JsonToAvro}: an event as the plain JSON an operator reads and injects. */
final class AvroToJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AvroToJson() {
    }

    static JsonNode toJson(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof IndexedRecord record) {
            ObjectNode object = JSON.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                object.set(field.name(), toJson(record.get(field.pos())));
            }
            return object;
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>) {
            return JSON.textNode(value.toString());
        }
        if (value instanceof Instant instant) {
            return JSON.textNode(instant.toString());
        }
        if (value instanceof LocalDate date) {
            return JSON.textNode(date.toString());
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Float f) {
            return JSON.numberNode(f);
        }
        if (value instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = JSON.arrayNode();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = JSON.objectNode();
            map.forEach((k, v) -> object.set(k.toString(), toJson(v)));
            return object;
        }
        if (value instanceof ByteBuffer bytes) {
            return JSON.textNode(Base64.getEncoder().encodeToString(bytes.array()));
        }
        throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
    }
}
