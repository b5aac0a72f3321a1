package dev.orderflow.order.persistence;

import java.time.Instant;

import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.OrderStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order row. Customer, address and lines are JSON documents of the row. */
@Entity
@Table(name = "orders")
public class OrderEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "idempotency_key", updatable = false)
    public String idempotencyKey;

    @Column(name = "request_hash", updatable = false)
    public String requestHash;

    @Column(name = "customer_id", nullable = false, updatable = false)
    public String customerId;

    @Column(nullable = false, updatable = false)
    public String customer;

    @Column(name = "shipping_address", nullable = false, updatable = false)
    public String shippingAddress;

    @Column(nullable = false, updatable = false)
    public String lines;

    @Column(nullable = false, updatable = false)
    public String currency;

    @Column(name = "subtotal_minor", nullable = false, updatable = false)
    public long subtotalMinor;

    @Column(name = "shipping_fee_minor", nullable = false, updatable = false)
    public long shippingFeeMinor;

    @Column(name = "total_minor", nullable = false, updatable = false)
    public long totalMinor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Order.Channel channel;

    @Column(name = "placed_at", nullable = false, updatable = false)
    public Instant placedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderStatus status;

    @Column(name = "status_detail")
    public String statusDetail;

    @Column(name = "payment_id")
    public String paymentId;

    @Column(name = "shipment_id")
    public String shipmentId;

    public String carrier;

    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static OrderEntity of(Order order, String idempotencyKey, String requestHash) {
        OrderEntity e = new OrderEntity();
        e.id = order.id();
        e.idempotencyKey = idempotencyKey;
        e.requestHash = requestHash;
        e.customerId = order.customer().customerId();
        e.customer = Json.write(order.customer());
        e.shippingAddress = Json.write(order.shippingAddress());
        e.lines = Json.write(order.lines());
        e.currency = order.currency();
        e.subtotalMinor = order.subtotalMinor();
        e.shippingFeeMinor = order.shippingFeeMinor();
        e.totalMinor = order.totalMinor();
        e.channel = order.channel();
        e.placedAt = order.placedAt();
        e.apply(order);
        return e;
    }

    /** Copies what can change: status and what the facts filled in. */
    void apply(Order order) {
        status = order.status();
        statusDetail = order.statusDetail();
        paymentId = order.paymentId();
        shipmentId = order.shipmentId();
        carrier = order.carrier();
        trackingNumber = order.trackingNumber();
        updatedAt = order.updatedAt();
    }

    public Order toDomain() {
        return new Order(id, Json.read(customer, Json.CUSTOMER), Json.read(shippingAddress, Json.ADDRESS),
                Json.read(lines, Json.LINES), currency, subtotalMinor, shippingFeeMinor, totalMinor, channel, placedAt,
                status, statusDetail, paymentId, shipmentId, carrier, trackingNumber, updatedAt);
    }
}
