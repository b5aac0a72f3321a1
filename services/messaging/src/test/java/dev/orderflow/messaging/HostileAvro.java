package dev.orderflow.messaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Avro bodies that lie about their sizes, as an attacker or a broken producer would write them. */
final class HostileAvro {

    private HostileAvro() {
    }

    /** A {@code StockReservationFailed} body of a few bytes whose {@code unavailable} array claims this many items. */
    static byte[] reservationFailedClaimingItems(String orderId, long items) {
        return write(encoder -> {
            encoder.writeString(orderId);
            encoder.writeArrayStart();
            encoder.setItemCount(items);
        });
    }

    /** A {@code StockReservationFailed} body whose order id claims this many bytes. */
    static byte[] reservationFailedClaimingTextOf(long length) {
        return write(encoder -> encoder.writeLong(length));
    }

    /** The plain Avro body of an event (no single-object header), as registry-framed records carry it. */
    static byte[] body(SpecificRecord event) {
        return write(encoder -> new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder));
    }

    private interface Writing {
        void to(BinaryEncoder encoder) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writing.to(encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
