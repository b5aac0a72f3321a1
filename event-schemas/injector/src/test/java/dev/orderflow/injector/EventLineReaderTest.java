package dev.orderflow.injector;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way a line can be wrong is refused before anything is encoded, naming the line's field. */
class EventLineReaderTest {

    private static final String ORDER = """
            {"orderId": "o-1", "order": {"customer": {"customerId": "c-1", "name": "N", "email": "e@x"},
             "shippingAddress": {"recipient": "N", "line1": "L", "postalCode": "P", "city": "C", "country": "DE"},
             "lines": [{"sku": "S", "name": "N", "quantity": 1, "unitPriceMinor": 100}],
             "currency": "EUR", "subtotalMinor": 100, "totalMinor": 100, "placedAt": "2026-01-01T00:00:00Z"}}""";

    private final EventLineReader reader = new EventLineReader();

    @BeforeEach
    void configure() {
        // Nothing here reaches the registry: every line below is refused before encoding.
        reader.configure(Map.of("topic", "orders", "registry.url", "http://127.0.0.1:9/apis/registry/v3"));
    }

    @AfterEach
    void close() {
        reader.close();
    }

    @Test
    void notJson() {
        refused("{\"type\": ", "not JSON");
    }

    @Test
    void missingTypeOrData() {
        refused("{\"data\": {}}", "type: missing");
        refused("{\"type\": \"OrderPlaced\"}", "data: missing");
    }

    @Test
    void unknownTypeOrEnvelopeField() {
        refused("{\"type\": \"OrderShipped\", \"data\": {}}", "type: 'OrderShipped' is not an event type");
        refused("{\"type\": \"OrderPlaced\", \"data\": " + ORDER + ", \"partition\": 1}", "unknown field 'partition'");
    }

    @Test
    void eventOfAnotherTopic() {
        refused("{\"type\": \"PaymentFailed\", \"data\": {}}", "type: PaymentFailed belongs on topic 'payments', not 'orders'");
    }

    @Test
    void missingRequiredField() {
        refused(line(ORDER.replace("\"currency\": \"EUR\", ", "")), "data.order.currency: missing (required, no default)");
    }

    @Test
    void wrongTypes() {
        refused(line(ORDER.replace("\"quantity\": 1", "\"quantity\": 1.5")), "data.order.lines[0].quantity: expected an int");
        refused(line(ORDER.replace("\"totalMinor\": 100", "\"totalMinor\": \"100\"")), "data.order.totalMinor: expected a long");
        refused(line(ORDER.replace("\"placedAt\": \"2026-01-01T00:00:00Z\"", "\"placedAt\": \"yesterday\"")),
                "data.order.placedAt: 'yesterday' is not an ISO-8601 instant");
        refused(line(ORDER.replace("\"email\": \"e@x\"", "\"email\": \"e@x\", \"tier\": \"DIAMOND\"")),
                "data.order.customer.tier: 'DIAMOND' is not one of [STANDARD, SILVER, GOLD, PLATINUM]");
    }

    @Test
    void unknownEventField() {
        refused(line(ORDER.replace("\"orderId\": \"o-1\"", "\"orderId\": \"o-1\", \"priority\": 1")),
                "data.priority: unknown field");
    }

    private static String line(String data) {
        return "{\"type\": \"OrderPlaced\", \"data\": " + data.replace("\n", " ") + "}";
    }

    private void refused(String line, String message) {
        assertThatThrownBy(() -> reader.toRecord(line))
                .isInstanceOf(EventLineReader.InvalidLineException.class)
                .hasMessageContaining(message);
    }
}
