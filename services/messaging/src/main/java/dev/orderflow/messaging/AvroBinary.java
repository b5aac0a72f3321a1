package dev.orderflow.messaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderflow.events.catalog.EventCatalog;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain Avro binary of a generated event class, as the outbox stores it: no registry involved, so
 * staging an event inside a transaction never waits on the network. The relay re-encodes it with
 * the registry's serializer when it publishes.
 */
public final class AvroBinary {

    static {
        AvroLimits.apply();
    }

    private static final EventCatalog CATALOG = EventCatalog.load();
    private static final Map<String, SpecificDatumReader<SpecificRecord>> READERS = new ConcurrentHashMap<>();

    private AvroBinary() {
    }

    public static byte[] encode(SpecificRecord event) {
        SpecificData model = SpecificData.getForClass(event.getClass());
        SpecificDatumWriter<SpecificRecord> writer = new SpecificDatumWriter<>(event.getSchema(), model);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getSchema().getFullName(), e);
        }
        return out.toByteArray();
    }

    /** Decodes bytes written by {@link #encode} for the event type (the Avro full name). */
    public static SpecificRecord decode(String eventType, byte[] bytes) {
        SpecificDatumReader<SpecificRecord> reader = READERS.computeIfAbsent(eventType, type -> {
            EventCatalog.EventType known = CATALOG.eventType(type)
                    .orElseThrow(() -> new IllegalArgumentException("unknown event type " + type));
            return new SpecificDatumReader<>(known.schema(), known.schema(), SpecificData.getForClass(known.javaClass()));
        });
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a stored " + eventType, e);
        }
    }
}
