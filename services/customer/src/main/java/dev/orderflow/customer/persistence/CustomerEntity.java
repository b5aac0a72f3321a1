package dev.orderflow.customer.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.orderflow.customer.domain.Address;
import dev.orderflow.customer.domain.Customer;
import dev.orderflow.customer.domain.PaymentPreference;
import dev.orderflow.customer.domain.Tier;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A customer row; the addresses are a JSON document of the row. The row's version is the customer's. */
@Entity
@Table(name = "customers")
public class CustomerEntity extends PanacheEntityBase {

    /** An address as stored in the addresses document (read by Jackson, also in native executables). */
    @RegisterForReflection
    public record AddressData(String recipient, String line1, String line2, String postalCode, String city,
                              String region, String country) {
    }

    @Id
    public String id;

    @Version
    public long version;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String email;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Tier tier;

    @Convert(converter = AddressesConverter.class)
    @Column(nullable = false)
    public List<AddressData> addresses = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(name = "payment_method", nullable = false)
    public PaymentPreference.Method paymentMethod;

    @Column(name = "payment_token")
    public String paymentToken;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    public Customer toDomain() {
        return new Customer(id, version, name, email, tier,
                addresses.stream().map(a -> new Address(a.recipient(), a.line1(), a.line2(), a.postalCode(), a.city(),
                        a.region(), a.country())).toList(),
                new PaymentPreference(paymentMethod, paymentToken), active, changedAt);
    }

    public static CustomerEntity from(Customer customer) {
        CustomerEntity entity = new CustomerEntity();
        entity.id = customer.id();
        entity.apply(customer);
        return entity;
    }

    /** Copies the customer's state; Hibernate bumps the version on flush (to the customer's version). */
    public void apply(Customer customer) {
        name = customer.name();
        email = customer.email();
        tier = customer.tier();
        addresses = new ArrayList<>(customer.addresses().stream()
                .map(a -> new AddressData(a.recipient(), a.line1(), a.line2(), a.postalCode(), a.city(), a.region(), a.country()))
                .toList());
        paymentMethod = customer.payment().method();
        paymentToken = customer.payment().token();
        active = customer.active();
        changedAt = customer.changedAt();
    }
}
