package dev.orderflow.shipping.persistence;

import java.time.Instant;
import java.time.LocalDate;

import dev.orderflow.shipping.domain.Destination;
import dev.orderflow.shipping.domain.Shipment;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A shipment row. */
@Entity
@Table(name = "shipments")
public class ShipmentEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "order_id", nullable = false, updatable = false)
    public String orderId;

    @Column(nullable = false, updatable = false)
    public String recipient;

    @Column(nullable = false, updatable = false)
    public String line1;

    @Column(updatable = false)
    public String line2;

    @Column(name = "postal_code", nullable = false, updatable = false)
    public String postalCode;

    @Column(nullable = false, updatable = false)
    public String city;

    @Column(updatable = false)
    public String region;

    @Column(nullable = false, updatable = false)
    public String country;

    @Column(nullable = false, updatable = false)
    public int units;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Shipment.Status status;

    @Column(name = "carrier_shipment_id")
    public String carrierShipmentId;

    public String carrier;

    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "estimated_delivery")
    public LocalDate estimatedDelivery;

    public String detail;

    @Column(name = "order_ended", nullable = false)
    public boolean orderEnded;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static ShipmentEntity of(Shipment s) {
        ShipmentEntity e = new ShipmentEntity();
        e.id = s.id();
        e.orderId = s.orderId();
        Destination d = s.destination();
        e.recipient = d.recipient();
        e.line1 = d.line1();
        e.line2 = d.line2();
        e.postalCode = d.postalCode();
        e.city = d.city();
        e.region = d.region();
        e.country = d.country();
        e.units = s.units();
        e.apply(s);
        return e;
    }

    void apply(Shipment s) {
        status = s.status();
        carrierShipmentId = s.carrierShipmentId();
        carrier = s.carrier();
        trackingNumber = s.trackingNumber();
        estimatedDelivery = s.estimatedDelivery();
        detail = s.detail();
        orderEnded = s.orderEnded();
        updatedAt = s.updatedAt();
    }

    Shipment toDomain() {
        return new Shipment(id, orderId, new Destination(recipient, line1, line2, postalCode, city, region, country), units,
                status, carrierShipmentId, carrier, trackingNumber, estimatedDelivery, detail, orderEnded, updatedAt);
    }
}
