package dev.orderflow.messaging.platform;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row the probe application writes for every Avro record it consumes. */
@Entity
@Table(name = "platform_probe")
public class ProbeReading extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String sku;

    @Column(name = "amount_minor", nullable = false)
    public long amountMinor;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(name = "kafka_offset", nullable = false)
    public long offset;
}
