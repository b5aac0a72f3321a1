package dev.orderflow.injector;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Turns plain JSON, as an operator writes it, into an Avro record of a given schema: optional
 * fields are just the value or null (no Avro-JSON union wrappers), instants are ISO-8601 strings
 * or epoch milliseconds, dates are yyyy-mm-dd. Missing fields take their schema default. Every
 * mismatch fails with the path of the offending field.
 */
final class JsonToAvro {

    /** A value that does not fit the schema; {@link #path()} names the field. */
    static final class InvalidFieldException extends RuntimeException {
        private final String path;

        InvalidFieldException(String path, String problem) {
            super(path + ": " + problem);
            this.path = path;
        }

        String path() {
            return path;
        }
    }

    private JsonToAvro() {
    }

    static GenericData.Record record(Schema schema, JsonNode json, String path) {
        return (GenericData.Record) convert(schema, json, path);
    }

    private static Object convert(Schema schema, JsonNode json, String path) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return instantMillis(json, path);
        }
        if (logical instanceof LogicalTypes.Date) {
            return date(json, path);
        }
        return switch (schema.getType()) {
            case RECORD -> convertRecord(schema, json, path);
            case UNION -> convertUnion(schema, json, path);
            case ENUM -> {
                String symbol = text(json, path, "one of " + schema.getEnumSymbols());
                if (!schema.hasEnumSymbol(symbol)) {
                    throw new InvalidFieldException(path, "'" + symbol + "' is not one of " + schema.getEnumSymbols());
                }
                yield new GenericData.EnumSymbol(schema, symbol);
            }
            case ARRAY -> {
                if (!json.isArray()) {
                    throw new InvalidFieldException(path, "expected an array, got " + describe(json));
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < json.size(); i++) {
                    items.add(convert(schema.getElementType(), json.get(i), path + "[" + i + "]"));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                if (!json.isObject()) {
                    throw new InvalidFieldException(path, "expected an object, got " + describe(json));
                }
                Map<String, Object> map = new LinkedHashMap<>();
                json.properties().forEach(e -> map.put(e.getKey(),
                        convert(schema.getValueType(), e.getValue(), path + "." + e.getKey())));
                yield map;
            }
            case STRING -> text(json, path, "a string");
            case INT -> {
                if (!json.isIntegralNumber() || !json.canConvertToInt()) {
                    throw new InvalidFieldException(path, "expected an int, got " + describe(json));
                }
                yield json.intValue();
            }
            case LONG -> {
                if (!json.isIntegralNumber() || !json.canConvertToLong()) {
                    throw new InvalidFieldException(path, "expected a long, got " + describe(json));
                }
                yield json.longValue();
            }
            case FLOAT, DOUBLE -> {
                if (!json.isNumber()) {
                    throw new InvalidFieldException(path, "expected a number, got " + describe(json));
                }
                yield schema.getType() == Schema.Type.FLOAT ? (Object) json.floatValue() : (Object) json.doubleValue();
            }
            case BOOLEAN -> {
                if (!json.isBoolean()) {
                    throw new InvalidFieldException(path, "expected true or false, got " + describe(json));
                }
                yield json.booleanValue();
            }
            case NULL -> {
                if (!json.isNull()) {
                    throw new InvalidFieldException(path, "expected null, got " + describe(json));
                }
                yield null;
            }
            default -> throw new InvalidFieldException(path, "type " + schema.getType() + " cannot be written as JSON here");
        };
    }

    private static GenericData.Record convertRecord(Schema schema, JsonNode json, String path) {
        if (!json.isObject()) {
            throw new InvalidFieldException(path, "expected an object (" + schema.getName() + "), got " + describe(json));
        }
        Set<String> known = new HashSet<>();
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            known.add(field.name());
            String fieldPath = path + "." + field.name();
            JsonNode value = json.get(field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new InvalidFieldException(fieldPath, "missing (required, no default)");
                }
                Object defaultValue = GenericData.get().getDefaultValue(field);
                record.put(field.pos(), defaultValue == JsonProperties.NULL_VALUE ? null : defaultValue);
            } else {
                record.put(field.pos(), convert(field.schema(), value, fieldPath));
            }
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidFieldException(path + "." + name, "unknown field (" + schema.getName() + " has "
                        + schema.getFields().stream().map(Schema.Field::name).toList() + ")");
            }
        }
        return record;
    }

    private static Object convertUnion(Schema union, JsonNode json, String path) {
        if (json.isNull()) {
            if (union.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                return null;
            }
            throw new InvalidFieldException(path, "must not be null");
        }
        InvalidFieldException last = null;
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return convert(branch, json, path);
            } catch (InvalidFieldException e) {
                last = e;
            }
        }
        throw last != null ? last : new InvalidFieldException(path, "no branch of " + union + " fits");
    }

    private static long instantMillis(JsonNode json, String path) {
        if (json.isIntegralNumber()) {
            return json.longValue();
        }
        String text = text(json, path, "an ISO-8601 instant (e.g. 2026-01-31T12:00:00Z) or epoch milliseconds");
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(path, "'" + text + "' is not an ISO-8601 instant (e.g. 2026-01-31T12:00:00Z)");
        }
    }

    private static int date(JsonNode json, String path) {
        if (json.isIntegralNumber()) {
            return json.intValue();
        }
        String text = text(json, path, "a date (yyyy-mm-dd)");
        try {
            return (int) LocalDate.parse(text).toEpochDay();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(path, "'" + text + "' is not a date (yyyy-mm-dd)");
        }
    }

    private static String text(JsonNode json, String path, String expected) {
        if (!json.isTextual()) {
            throw new InvalidFieldException(path, "expected " + expected + ", got " + describe(json));
        }
        return json.textValue();
    }

    private static String describe(JsonNode json) {
        String text = json.toString();
        return (json.isTextual() ? "the string " : json.isObject() ? "an object " : json.isArray() ? "an array " : "")
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
