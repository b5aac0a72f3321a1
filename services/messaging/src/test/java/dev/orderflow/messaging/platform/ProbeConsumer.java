package dev.orderflow.messaging.platform;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.avro.generic.GenericRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes Avro records (schema resolved through the registry) and stores each as a row. */
@ApplicationScoped
public class ProbeConsumer {

    @Incoming("probe-in")
    public Uni<Void> consume(Message<GenericRecord> message) {
        GenericRecord record = message.getPayload();
        long offset = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getOffset();
        ProbeReading reading = new ProbeReading();
        reading.id = record.get("id").toString();
        reading.sku = record.get("sku").toString();
        reading.amountMinor = (Long) record.get("amountMinor");
        reading.currency = record.get("currency").toString();
        reading.offset = offset;
        return Panache.withTransaction(reading::persist)
                .replaceWithVoid()
                .onItem().transformToUni(ignored -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> Uni.createFrom().completionStage(message.nack(e)));
    }
}
