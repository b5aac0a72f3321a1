package dev.orderflow.inventory.domain;

import java.util.List;

/** What the inventory learns about an order from the other services, in its own terms (translated from their events). */
public sealed interface OrderFact {

    String orderId();

    /** The order was placed: its lines are to be held. */
    record Placed(String orderId, List<ReservationLine> lines) implements OrderFact {

        public Placed {
            lines = List.copyOf(lines);
        }
    }

    /** The order was paid: what is held for it becomes its own, unless the hold has ended already. */
    record Paid(String orderId, String paymentId) implements OrderFact {
    }

    /** The order will not be fulfilled: whatever is held or committed for it goes back to stock. */
    record Ended(String orderId, Cause cause) implements OrderFact {
    }

    /** Why an order ended, as far as its stock is concerned. */
    enum Cause {
        ORDER_CANCELLED,
        PAYMENT_FAILED,
        SHIPMENT_FAILED,
        /** Its owner ended it unfulfilled (e.g. an order from the stream that did not match the catalog). */
        ORDER_REJECTED
    }
}
