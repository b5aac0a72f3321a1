package dev.orderflow.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's datum provider with its readers and writers found by the schema itself. The default
 * keys its caches by the schema's parsing fingerprint, which it computes again for every record
 * serialized or deserialized (a walk over the whole schema: a twelfth of the order service's CPU
 * samples while it relayed an import). A schema's hash is computed once and kept by Avro, and the
 * schemas handed in are the same few instances (the generated classes', the registry client's
 * cache), so a lookup here costs a hash probe. What the default would create is created by it.
 */
@RegisterForReflection
public class SchemaKeyedDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** The Apicurio setting that names the provider (AvroSerdeConfig.AVRO_DATUM_PROVIDER). */
    public static final Map<String, Object> CONFIG = Map.of("apicurio.registry.avro-datum-provider",
            SchemaKeyedDatumProvider.class.getName());

    private final Map<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return (data instanceof SpecificRecord ? specificWriters : genericWriters)
                .computeIfAbsent(schema, s -> super.createDatumWriter(data, s));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return readers.computeIfAbsent(schema, super::createDatumReader);
    }
}
