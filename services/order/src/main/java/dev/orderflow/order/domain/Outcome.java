package dev.orderflow.order.domain;

/** A decision of the order that others must learn about (it becomes an event on the orders stream). */
public sealed interface Outcome {

    record Confirmed(String paymentId, String shipmentId, String carrier, String trackingNumber) implements Outcome {
    }

    record Rejected(RejectionReason reason, String detail) implements Outcome {
    }

    record Cancelled(String reason) implements Outcome {
    }

    enum RejectionReason {
        OUT_OF_STOCK(OrderStatus.REJECTED),
        PAYMENT_DECLINED(OrderStatus.REJECTED),
        PAYMENT_FAILED(OrderStatus.REJECTED),
        SHIPMENT_FAILED(OrderStatus.FAILED),
        RESERVATION_EXPIRED(OrderStatus.EXPIRED),
        /** Placed on the stream with prices, sums or a customer that are not as the replicas have them. */
        INVALID(OrderStatus.REJECTED);

        private final OrderStatus status;

        RejectionReason(OrderStatus status) {
            this.status = status;
        }

        public OrderStatus status() {
            return status;
        }
    }
}
