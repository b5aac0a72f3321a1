package dev.orderflow.notification.events;

import java.util.Optional;

import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderConfirmed;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.inbox.RejectedEventException;
import dev.orderflow.notification.domain.Notice;

/** Maps the order lifecycle events to the notices a customer gets. */
public final class NotificationEvents {

    private NotificationEvents() {
    }

    /** The notice an event calls for, if any. */
    public static Optional<Notice> notice(ReceivedEvent event) {
        try {
            return Optional.ofNullable(switch (event.event()) {
                case OrderPlaced p -> notice(p.getOrderId(), Notice.Transition.PLACED, p.getOrder().getCustomer(),
                        "Total: " + money(p.getOrder().getTotalMinor(), p.getOrder().getCurrency()) + ", "
                                + p.getOrder().getLines().size() + " line(s).");
                case OrderConfirmed c -> notice(c.getOrderId(), Notice.Transition.CONFIRMED, c.getCustomer(),
                        "Charged: " + money(c.getTotalMinor(), c.getCurrency()) + ". Carrier: " + c.getCarrier()
                                + ", tracking number " + c.getTrackingNumber() + ".");
                case OrderRejected r -> notice(r.getOrderId(), Notice.Transition.REJECTED, r.getCustomer(),
                        "Reason: " + reason(r));
                case OrderCancelled c -> notice(c.getOrderId(), Notice.Transition.CANCELLED, c.getCustomer(),
                        c.getReason() == null ? null : "Reason: " + c.getReason());
                default -> null;
            });
        } catch (IllegalArgumentException invalid) {
            throw new RejectedEventException(event, invalid.getMessage());
        }
    }

    private static Notice notice(String orderId, Notice.Transition transition, CustomerSnapshot customer, String detail) {
        return new Notice(orderId, transition, customer.getName(), customer.getEmail(), detail);
    }

    private static String reason(OrderRejected r) {
        String why = switch (r.getReason()) {
            case OUT_OF_STOCK -> "some items are out of stock";
            case PAYMENT_DECLINED -> "the payment was declined";
            case PAYMENT_FAILED -> "the payment could not be processed";
            case SHIPMENT_FAILED -> "the carrier could not take the shipment";
            case RESERVATION_EXPIRED -> "the order was not paid in time";
            default -> "it could not be processed";
        };
        return why + (r.getDetail() == null ? "." : " (" + r.getDetail() + ").");
    }

    private static String money(long minor, String currency) {
        return String.format("%d.%02d %s", minor / 100, Math.abs(minor % 100), currency);
    }
}
