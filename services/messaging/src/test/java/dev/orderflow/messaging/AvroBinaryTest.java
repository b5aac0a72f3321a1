package dev.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;

import dev.orderflow.events.catalog.EventCatalog;
import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.CustomerTier;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/**
 * Bytes at rest across schema versions. The test class path holds a second published version of
 * {@code OrderRejected} ({@code 2.avsc}: a new field after {@code orderId}), as a build after a
 * schema change would; rows written by it must be read as it wrote them.
 */
class AvroBinaryTest {

    private static final String TYPE = OrderRejected.getClassSchema().getFullName();

    private final OrderRejected rejected = OrderRejected.newBuilder().setOrderId("o-1")
            .setCustomer(CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada").setEmail("ada@example.org")
                    .setTier(CustomerTier.GOLD).build())
            .setReason(RejectionReason.OUT_OF_STOCK).setDetail("MUG-1: 2 wanted, 1 left").setRejectedAt(Instant.ofEpochMilli(1_000))
            .build();

    @Test
    void bytesSayWhichSchemaWroteThem() {
        byte[] bytes = AvroBinary.encode(rejected);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(OrderRejected.getClassSchema()));
        assertThat(AvroBinary.decode(TYPE, bytes)).isEqualTo(rejected);
    }

    @Test
    void aRowWrittenByAnotherSchemaVersionIsReadAsThatVersionWroteIt() throws IOException {
        Schema v2 = published("dev.orderflow.events.orders/OrderRejected/2.avsc");
        byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(asV2(v2)).array();

        assertThat(AvroBinary.decode(TYPE, written)).isEqualTo(rejected);
        // What reading with today's schema as the writer's did: the new field is taken for the next one.
        SpecificDatumReader<OrderRejected> naive = new SpecificDatumReader<>(OrderRejected.class);
        Object misread;
        try {
            misread = naive.read(null, DecoderFactory.get().binaryDecoder(written, 10, written.length - 10, null));
        } catch (RuntimeException | IOException e) {
            misread = e;
        }
        assertThat(misread).isNotEqualTo(rejected);
    }

    @Test
    void aRowWrittenByASchemaThisBuildDoesNotKnowIsRefusedSayingSo() throws IOException {
        Schema v2 = published("dev.orderflow.events.orders/OrderRejected/2.avsc");
        Schema v3 = new Schema.Parser().parse(v2.toString().replace("\"channel\"", "\"salesChannel\""));
        byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v3).encode(asV2(v3)).array();

        assertThatThrownBy(() -> AvroBinary.decode(TYPE, written)).isInstanceOf(AvroBinary.UnknownWriterSchemaException.class)
                .hasMessageContaining("newer version");
    }

    @Test
    void bytesStoredBeforeTheyCarriedTheirSchemaAreReadWithTodays() {
        assertThat(AvroBinary.decode(TYPE, HostileAvro.body(rejected))).isEqualTo(rejected);
    }

    @Test
    void noEventCanBeMistakenForMarkedBytesAndEveryCurrentSchemaIsPublished() {
        for (EventCatalog.EventType type : EventCatalog.load().eventTypes()) {
            // The marker's first byte, read as the first field (a string's length), would be negative.
            assertThat(type.schema().getFields().getFirst().schema().getType()).as(type.type()).isEqualTo(Schema.Type.STRING);
            assertThat(type.publishedSchemas()).as(type.type() + ": its current schema is a published version")
                    .extracting(SchemaNormalization::parsingFingerprint64)
                    .contains(SchemaNormalization.parsingFingerprint64(type.schema()));
        }
    }

    private GenericRecord asV2(Schema v2) {
        GenericRecord record = new GenericData.Record(v2);
        GenericRecord customer = new GenericData.Record(v2.getField("customer").schema());
        customer.put("customerId", "c-1");
        customer.put("name", "Ada");
        customer.put("email", "ada@example.org");
        customer.put("tier", new GenericData.EnumSymbol(customer.getSchema().getField("tier").schema(), "GOLD"));
        record.put("orderId", "o-1");
        record.put(v2.getFields().get(1).name(), "WEB");
        record.put("customer", customer);
        record.put("reason", new GenericData.EnumSymbol(v2.getField("reason").schema(), "OUT_OF_STOCK"));
        record.put("detail", "MUG-1: 2 wanted, 1 left");
        record.put("rejectedAt", 1_000L);
        return record;
    }

    private static Schema published(String path) throws IOException {
        try (InputStream in = AvroBinaryTest.class.getResourceAsStream("/dev/orderflow/events/published/" + path)) {
            return new Schema.Parser().parse(in);
        }
    }
}
