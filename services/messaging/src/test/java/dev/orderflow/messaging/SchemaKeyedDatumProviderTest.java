package dev.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.CustomerTier;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SchemaKeyedDatumProviderTest {

    private final OrderRejected rejected = OrderRejected.newBuilder().setOrderId("o-1")
            .setCustomer(CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada").setEmail("ada@example.org")
                    .setTier(CustomerTier.GOLD).build())
            .setReason(RejectionReason.OUT_OF_STOCK).setRejectedAt(Instant.ofEpochMilli(1_000)).build();

    @Test
    void oneWriterAndOneReaderPerSchemaThatReadAndWriteAsTheDefaultDoes() throws IOException {
        SchemaKeyedDatumProvider<Object> provider = new SchemaKeyedDatumProvider<>();
        provider.setUseSpecificAvroReader(true);
        Schema schema = OrderRejected.getClassSchema();

        DatumWriter<Object> writer = provider.createDatumWriter(rejected, schema);
        assertThat(provider.createDatumWriter(rejected, schema)).isSameAs(writer);
        // An equal schema parsed anew (as a registry client may hand one in) finds the same writer.
        Schema parsed = new Schema.Parser().parse(schema.toString());
        assertThat(provider.createDatumWriter(rejected, parsed)).isSameAs(writer);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(rejected, encoder);
        encoder.flush();

        DatumReader<Object> reader = provider.createDatumReader(schema);
        assertThat(provider.createDatumReader(parsed)).isSameAs(reader);
        Object read = reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read).isInstanceOf(OrderRejected.class).isEqualTo(rejected);
    }

    @Test
    void genericRecordsGetTheirOwnWriter() {
        SchemaKeyedDatumProvider<Object> provider = new SchemaKeyedDatumProvider<>();
        Schema schema = OrderRejected.getClassSchema();
        GenericRecord generic = new org.apache.avro.generic.GenericData.Record(schema);

        assertThat(provider.createDatumWriter(generic, schema)).isNotSameAs(provider.createDatumWriter(rejected, schema))
                .isSameAs(provider.createDatumWriter(generic, schema));
    }
}
