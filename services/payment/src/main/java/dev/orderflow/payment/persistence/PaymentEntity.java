package dev.orderflow.payment.persistence;

import java.time.Instant;

import dev.orderflow.payment.domain.Payment;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A payment row; the order snapshot travels with it (opaque bytes) for the event that announces the authorization. */
@Entity
@Table(name = "payments")
public class PaymentEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "order_id", nullable = false, updatable = false)
    public String orderId;

    @Column(name = "customer_id", nullable = false, updatable = false)
    public String customerId;

    @Column(name = "amount_minor", nullable = false, updatable = false)
    public long amountMinor;

    @Column(nullable = false, updatable = false)
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Payment.Status status;

    @Column(name = "gateway_reference")
    public String gatewayReference;

    public String detail;

    @Column(name = "order_ended", nullable = false)
    public boolean orderEnded;

    @Column(name = "order_snapshot", nullable = false, updatable = false)
    public byte[] orderSnapshot;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static PaymentEntity of(Payment payment, byte[] orderSnapshot) {
        PaymentEntity e = new PaymentEntity();
        e.id = payment.id();
        e.orderId = payment.orderId();
        e.customerId = payment.customerId();
        e.amountMinor = payment.amountMinor();
        e.currency = payment.currency();
        e.orderSnapshot = orderSnapshot;
        e.apply(payment);
        return e;
    }

    void apply(Payment payment) {
        status = payment.status();
        gatewayReference = payment.gatewayReference();
        detail = payment.detail();
        orderEnded = payment.orderEnded();
        updatedAt = payment.updatedAt();
    }

    Payment toDomain() {
        return new Payment(id, orderId, customerId, amountMinor, currency, status, gatewayReference, detail, orderEnded,
                updatedAt);
    }
}
