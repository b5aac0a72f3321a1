package dev.orderflow.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The catalog matches the schema files, and every schema follows the contract rules of README.md. */
class EventCatalogTest {

    private static final Path AVRO = Path.of("src/main/avro");
    private final EventCatalog catalog = EventCatalog.load();

    @Test
    void everySchemaFileIsAnEventTypeOfTheStreamNamedByItsFolderAndViceVersa() throws IOException {
        Set<String> files = new HashSet<>();
        try (Stream<Path> paths = Files.walk(AVRO)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".avsc")).toList()) {
                String folder = AVRO.relativize(file).getParent().toString();
                if (!folder.equals("common")) {
                    files.add(folder + ":" + file.getFileName().toString().replace(".avsc", ""));
                }
            }
        }
        Set<String> listed = new HashSet<>();
        for (EventCatalog.Stream stream : catalog.streams()) {
            for (EventCatalog.EventType event : stream.events()) {
                listed.add(stream.topic() + ":" + event.simpleName());
                assertThat(event.namespace()).isEqualTo("dev.orderflow.events." + stream.topic());
            }
        }
        assertThat(listed).isEqualTo(files);
    }

    @Test
    void everyEventCarriesItsKeyAsAString() {
        for (EventCatalog.EventType event : catalog.eventTypes()) {
            Schema.Field key = event.schema().getField(event.key());
            assertThat(key).as("%s has key field %s", event.type(), event.key()).isNotNull();
            assertThat(key.schema().getType()).as(event.type() + "." + event.key()).isEqualTo(Schema.Type.STRING);
        }
    }

    @Test
    void everyEventTypeIsUniqueBySimpleNameSoOperatorsCanUseShortNames() {
        for (EventCatalog.EventType event : catalog.eventTypes()) {
            assertThat(catalog.eventType(event.simpleName())).contains(event);
        }
    }

    @Test
    void schemasFollowTheContractRules() {
        List<String> violations = new ArrayList<>();
        for (EventCatalog.EventType event : catalog.eventTypes()) {
            lint(event.schema(), event.simpleName(), violations, new HashSet<>());
        }
        assertThat(violations).isEmpty();
    }

    private static void lint(Schema schema, String path, List<String> violations, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (blank(schema.getDoc())) {
                    violations.add(path + ": record " + schema.getName() + " has no doc");
                }
                for (Schema.Field field : schema.getFields()) {
                    String at = path + "." + field.name();
                    if (blank(field.doc())) {
                        violations.add(at + ": no doc");
                    }
                    Schema type = field.schema();
                    if (type.isUnion()) {
                        if (type.getTypes().size() != 2 || type.getTypes().get(0).getType() != Schema.Type.NULL) {
                            violations.add(at + ": unions are [\"null\", T] only");
                        } else if (!field.hasDefaultValue() || field.defaultVal() != org.apache.avro.JsonProperties.NULL_VALUE) {
                            violations.add(at + ": an optional field needs default null");
                        }
                    }
                    if (field.name().endsWith("At")
                            && !(type.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
                        violations.add(at + ": instants are timestamp-millis");
                    }
                    if (field.name().endsWith("Minor") && type.getType() != Schema.Type.LONG) {
                        violations.add(at + ": money is a long in minor units");
                    }
                    lint(type, at, violations, seen);
                }
            }
            case ENUM -> {
                if (schema.getEnumDefault() == null) {
                    violations.add(path + ": enum " + schema.getName() + " needs a default for unknown symbols");
                }
            }
            case ARRAY -> lint(schema.getElementType(), path + "[]", violations, seen);
            case MAP -> lint(schema.getValueType(), path + "{}", violations, seen);
            case UNION -> schema.getTypes().forEach(t -> lint(t, path, violations, seen));
            default -> {
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
