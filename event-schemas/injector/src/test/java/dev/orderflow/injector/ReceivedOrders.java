package dev.orderflow.injector;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import dev.orderflow.events.orders.OrderPlaced;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/** The Quarkus consumer of the injection test: records every typed OrderPlaced with its key and headers. */
@ApplicationScoped
public class ReceivedOrders {

    public record Received(String key, OrderPlaced event, Map<String, String> headers) {
    }

    private final Queue<Received> received = new ConcurrentLinkedQueue<>();

    @Incoming("orders")
    public CompletionStage<Void> consume(Message<Object> message) {
        if (message.getPayload() instanceof OrderPlaced placed) {
            IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            Map<String, String> headers = StreamSupport.stream(kafka.getHeaders().spliterator(), false)
                    .collect(Collectors.toMap(h -> h.key(), h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b));
            received.add(new Received(String.valueOf(kafka.getKey()), placed, headers));
        }
        return message.ack();
    }

    public Queue<Received> received() {
        return received;
    }
}
