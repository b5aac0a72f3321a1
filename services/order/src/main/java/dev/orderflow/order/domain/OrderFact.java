package dev.orderflow.order.domain;

/**
 * What the order service learns about an order from the streams, in its own terms (translated from their events), with
 * the line it writes on the order's timeline.
 */
public sealed interface OrderFact {

    String orderId();

    TimelineEntry entry();

    /** Another service reported on the order: what that means for its status. */
    record Reported(String orderId, Fact fact, TimelineEntry entry) implements OrderFact {
    }

    /**
     * An order placed on the orders stream by someone else (an operator's console producer, an import), as it was placed:
     * whether it is priced as the catalog prices it is for the service to decide.
     */
    record PlacedElsewhere(Order order, TimelineEntry entry) implements OrderFact {

        @Override
        public String orderId() {
            return order.id();
        }
    }
}
