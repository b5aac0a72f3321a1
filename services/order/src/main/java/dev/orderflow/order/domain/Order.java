package dev.orderflow.order.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An order and its status. The status is a projection: {@link #apply} folds in the facts other
 * services publish (in whatever order they arrive, since they come on different streams), and
 * returns the decision others must learn about, if the fact led to one. A terminal order records
 * later facts (a refund, a release) but never changes status again.
 */
public record Order(String id, CustomerSnapshot customer, Address shippingAddress, List<OrderLine> lines,
                    String currency, long subtotalMinor, long shippingFeeMinor, long totalMinor, Channel channel,
                    Instant placedAt, OrderStatus status, String statusDetail, String paymentId, String shipmentId,
                    String carrier, String trackingNumber, Instant updatedAt) {

    /** How the order came in. */
    public enum Channel { API, BATCH_IMPORT, OPERATOR, OTHER }

    /** The order after a fact or a request, and what it decided, if anything. */
    public record Transition(Order order, Outcome outcome) {
        public boolean changedStatus(Order before) {
            return before.status() != order.status();
        }
    }

    /** A line as asked for: a product and how many. */
    public record Request(String sku, int quantity) {
    }

    public Order {
        Objects.requireNonNull(id, "id");
        lines = List.copyOf(lines);
    }

    /**
     * Prices the requested lines from the catalog and places the order for the customer.
     *
     * @param products the products known to the catalog replica, by SKU
     */
    public static Order place(String id, Customer customer, Address shippingAddress, List<Request> requested,
                              Map<String, Product> products, Channel channel, Instant now) {
        if (customer == null) {
            throw new InvalidOrderException("unknown customer");
        }
        if (!customer.active()) {
            throw new InvalidOrderException("customer " + customer.id() + " is closed and cannot order");
        }
        if (requested.isEmpty()) {
            throw new InvalidOrderException("an order needs at least one line");
        }
        Address address = shippingAddress != null ? shippingAddress
                : customer.addresses().stream().findFirst().orElseThrow(() -> new InvalidOrderException(
                        "customer " + customer.id() + " has no address on file; give a shippingAddress"));
        Map<String, Integer> quantities = new LinkedHashMap<>();
        for (Request line : requested) {
            if (line.quantity() <= 0) {
                throw new InvalidOrderException("quantity of " + line.sku() + " must be positive");
            }
            quantities.merge(line.sku(), line.quantity(), Math::addExact);
        }
        List<OrderLine> lines = new ArrayList<>();
        String currency = null;
        for (Map.Entry<String, Integer> line : quantities.entrySet()) {
            Product product = products.get(line.getKey());
            if (product == null || !product.active()) {
                throw new InvalidOrderException("product " + line.getKey() + (product == null ? " does not exist" : " is no longer sold"));
            }
            if (currency != null && !currency.equals(product.currency())) {
                throw new InvalidOrderException("products in different currencies (" + currency + ", "
                        + product.currency() + ") cannot be in one order");
            }
            currency = product.currency();
            lines.add(new OrderLine(product.sku(), product.name(), line.getValue(), product.priceMinor()));
        }
        long subtotal = lines.stream().mapToLong(OrderLine::totalMinor).reduce(0, Math::addExact);
        long fee = Pricing.shippingFee(customer.tier(), subtotal);
        return new Order(id, customer.snapshot(), address, lines, currency, subtotal, fee, Math.addExact(subtotal, fee),
                channel, now, OrderStatus.PLACED, null, null, null, null, null, now);
    }

    /** An order someone else placed on the stream (an operator, an import): taken as it is. */
    public static Order adopt(String id, CustomerSnapshot customer, Address address, List<OrderLine> lines, String currency,
                              long subtotalMinor, long shippingFeeMinor, long totalMinor, Channel channel, Instant placedAt) {
        return new Order(id, customer, address, lines, currency, subtotalMinor, shippingFeeMinor, totalMinor, channel,
                placedAt, OrderStatus.PLACED, null, null, null, null, null, placedAt);
    }

    /**
     * What differs between this order, as someone placed it on the stream, and the order the
     * replicas would price: every line's product, currency and unit price from the catalog, the
     * customer (known, open, with the name, e-mail and tier the customer service has), and the sums
     * and the shipping fee as {@link #place} computes them. The shipping address is the placer's to
     * choose. Empty when the order is as the service itself would have placed it.
     *
     * @param customer the customer as the replica has it (null: unknown)
     * @param products the products the catalog replica has, by SKU
     */
    public List<String> discrepancies(Customer customer, Map<String, Product> products) {
        List<String> found = new ArrayList<>();
        if (customer == null) {
            found.add("customer " + this.customer.customerId() + " is not known to the order service");
        } else {
            if (!customer.active()) {
                found.add("customer " + customer.id() + " is closed");
            }
            if (!customer.name().equals(this.customer.name()) || !customer.email().equals(this.customer.email())
                    || customer.tier() != this.customer.tier()) {
                found.add("customer " + customer.id() + " is not " + this.customer.name() + " <" + this.customer.email() + ">, "
                        + this.customer.tier() + " but " + customer.name() + " <" + customer.email() + ">, " + customer.tier());
            }
        }
        long subtotal = 0;
        for (OrderLine line : lines) {
            Product product = products.get(line.sku());
            if (product == null || !product.active()) {
                found.add("product " + line.sku() + (product == null ? " is not in the catalog" : " is no longer sold"));
            } else if (product.priceMinor() != line.unitPriceMinor() || !product.currency().equals(currency)) {
                found.add(line.sku() + " at " + line.unitPriceMinor() + " " + currency + ", but the catalog has "
                        + product.priceMinor() + " " + product.currency());
            }
            subtotal = Math.addExact(subtotal, line.totalMinor());
        }
        if (subtotal != subtotalMinor) {
            found.add("subtotal " + subtotalMinor + ", but the lines add up to " + subtotal);
        }
        long fee = Pricing.shippingFee(customer == null ? this.customer.tier() : customer.tier(), subtotal);
        if (fee != shippingFeeMinor) {
            found.add("shipping fee " + shippingFeeMinor + ", but it is " + fee);
        }
        if (totalMinor != Math.addExact(subtotalMinor, shippingFeeMinor)) {
            found.add("total " + totalMinor + ", but subtotal and fee make " + Math.addExact(subtotalMinor, shippingFeeMinor));
        }
        return found;
    }

    /** An order placed on the stream that is not as the replicas price it: rejected with what differs. */
    public Transition refuse(List<String> discrepancies, Instant now) {
        if (status != OrderStatus.PLACED) {
            return same();
        }
        return reject(Outcome.RejectionReason.INVALID, "not accepted as placed: " + String.join("; ", discrepancies), now);
    }

    public Transition apply(Fact fact, Instant now) {
        if (status.isTerminal()) {
            return new Transition(this, null);
        }
        return switch (fact) {
            case Fact.StockReserved r -> status == OrderStatus.PLACED ? unchangedBut(OrderStatus.RESERVED, now) : same();
            case Fact.StockUnavailable u -> reject(Outcome.RejectionReason.OUT_OF_STOCK, u.detail(), now);
            case Fact.ReservationExpired e -> reject(Outcome.RejectionReason.RESERVATION_EXPIRED,
                    "not paid while the stock was held", now);
            case Fact.PaymentFailed f -> reject(f.declined() ? Outcome.RejectionReason.PAYMENT_DECLINED
                    : Outcome.RejectionReason.PAYMENT_FAILED, f.detail(), now);
            case Fact.ShipmentFailed f -> reject(Outcome.RejectionReason.SHIPMENT_FAILED, f.detail(), now);
            case Fact.PaymentAuthorized p -> confirmIfShipped(with(OrderStatus.PAID, p.paymentId(), shipmentId, carrier,
                    trackingNumber, now), now);
            case Fact.ShipmentScheduled s -> confirmIfShipped(with(status, paymentId, s.shipmentId(), s.carrier(),
                    s.trackingNumber(), now), now);
            case Fact.Noted n -> same();
        };
    }

    /** The customer withdraws the order: possible until it is confirmed. */
    public Transition cancel(String reason, Instant now) {
        if (status == OrderStatus.CANCELLED) {
            return same();
        }
        if (status.isTerminal()) {
            throw new IllegalTransitionException("order " + id + " is " + status + " and can no longer be cancelled");
        }
        Order cancelled = new Order(id, customer, shippingAddress, lines, currency, subtotalMinor, shippingFeeMinor,
                totalMinor, channel, placedAt, OrderStatus.CANCELLED, reason, paymentId, shipmentId, carrier,
                trackingNumber, now);
        return new Transition(cancelled, new Outcome.Cancelled(reason));
    }

    private Transition confirmIfShipped(Order next, Instant now) {
        if (next.paymentId() == null || next.shipmentId() == null) {
            return new Transition(next, null);
        }
        Order confirmed = new Order(id, customer, shippingAddress, lines, currency, subtotalMinor, shippingFeeMinor,
                totalMinor, channel, placedAt, OrderStatus.CONFIRMED, null, next.paymentId(), next.shipmentId(),
                next.carrier(), next.trackingNumber(), now);
        return new Transition(confirmed, new Outcome.Confirmed(next.paymentId(), next.shipmentId(), next.carrier(),
                next.trackingNumber()));
    }

    private Transition reject(Outcome.RejectionReason reason, String detail, Instant now) {
        Order rejected = new Order(id, customer, shippingAddress, lines, currency, subtotalMinor, shippingFeeMinor,
                totalMinor, channel, placedAt, reason.status(), detail, paymentId, shipmentId, carrier, trackingNumber, now);
        return new Transition(rejected, new Outcome.Rejected(reason, detail));
    }

    private Transition unchangedBut(OrderStatus next, Instant now) {
        return new Transition(with(next, paymentId, shipmentId, carrier, trackingNumber, now), null);
    }

    private Order with(OrderStatus next, String payment, String shipment, String carrierName, String tracking, Instant now) {
        return new Order(id, customer, shippingAddress, lines, currency, subtotalMinor, shippingFeeMinor, totalMinor,
                channel, placedAt, next, statusDetail, payment, shipment, carrierName, tracking, now);
    }

    private Transition same() {
        return new Transition(this, null);
    }
}
