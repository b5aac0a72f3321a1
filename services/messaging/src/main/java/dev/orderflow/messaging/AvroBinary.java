package dev.orderflow.messaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderflow.events.catalog.EventCatalog;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro bytes of an event as the services keep them at rest (outbox rows, payment's order snapshot,
 * the order service's early facts): no registry involved, so staging an event inside a transaction
 * never waits on the network. They are Avro's single-object encoding: a marker, the 64-bit
 * fingerprint of the schema that wrote them, then the body. Reading resolves the writer's schema by
 * that fingerprint among every published version of the event type (they travel in the
 * event-schemas jar) into today's class, so a row written before a rolling upgrade to a new schema
 * version is read as that version wrote it, never misread with today's layout. Bytes stored without
 * the marker (before it existed) were all written by the schemas current then and are read with today's.
 */
public final class AvroBinary {

    static {
        AvroLimits.apply();
    }

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> ENCODERS = new ConcurrentHashMap<>();
    private static final Map<String, BinaryMessageDecoder<SpecificRecord>> DECODERS = new ConcurrentHashMap<>();
    private static final Map<String, SpecificDatumReader<SpecificRecord>> UNMARKED_READERS = new ConcurrentHashMap<>();

    private AvroBinary() {
    }

    /** Thrown for bytes whose writer schema this build does not know (written by a newer version of the service). */
    public static final class UnknownWriterSchemaException extends IllegalStateException {
        UnknownWriterSchemaException(String eventType, byte[] bytes, Throwable cause) {
            super("a stored " + eventType + " was written with a schema this build does not know (fingerprint "
                    + HexFormat.of().formatHex(bytes, 2, 10) + "): a newer version of the service wrote it", cause);
        }
    }

    public static byte[] encode(SpecificRecord event) {
        BinaryMessageEncoder<SpecificRecord> encoder = ENCODERS.computeIfAbsent(event.getClass(),
                type -> new BinaryMessageEncoder<>(SpecificData.getForClass(type), event.getSchema()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            encoder.encode(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getSchema().getFullName(), e);
        }
        return out.toByteArray();
    }

    /** Decodes bytes written by {@link #encode} (by this build or any build with a published schema) for the event type (the Avro full name). */
    public static SpecificRecord decode(String eventType, byte[] bytes) {
        if (!isMarked(bytes)) {
            return decodeUnmarked(eventType, bytes);
        }
        BinaryMessageDecoder<SpecificRecord> decoder = DECODERS.computeIfAbsent(eventType, type -> {
            EventCatalog.EventType known = known(type);
            BinaryMessageDecoder<SpecificRecord> d = new BinaryMessageDecoder<>(SpecificData.getForClass(known.javaClass()), known.schema());
            known.publishedSchemas().forEach(d::addSchema);
            return d;
        });
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new UnknownWriterSchemaException(eventType, bytes, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a stored " + eventType, e);
        }
    }

    private static boolean isMarked(byte[] bytes) {
        // C3 01: no Avro record of ours starts so (it would be a string of negative length).
        return bytes.length >= 10 && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
    }

    private static SpecificRecord decodeUnmarked(String eventType, byte[] bytes) {
        SpecificDatumReader<SpecificRecord> reader = UNMARKED_READERS.computeIfAbsent(eventType, type -> {
            EventCatalog.EventType known = known(type);
            return new SpecificDatumReader<>(known.schema(), known.schema(), SpecificData.getForClass(known.javaClass()));
        });
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a stored " + eventType, e);
        }
    }

    private static EventCatalog.EventType known(String type) {
        return CATALOG.eventType(type).orElseThrow(() -> new IllegalArgumentException("unknown event type " + type));
    }
}
