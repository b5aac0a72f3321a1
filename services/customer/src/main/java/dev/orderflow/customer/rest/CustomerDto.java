package dev.orderflow.customer.rest;

import java.time.Instant;
import java.util.List;

import dev.orderflow.customer.domain.Address;
import dev.orderflow.customer.domain.Customer;
import dev.orderflow.customer.domain.PaymentPreference;
import dev.orderflow.customer.domain.Tier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The customer API's request and response bodies. */
public final class CustomerDto {

    private CustomerDto() {
    }

    public record AddressBody(
            @NotBlank @Size(max = 200) String recipient,
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 200) String postalCode,
            @NotBlank @Size(max = 200) String city,
            @Size(max = 200) String region,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "an ISO 3166-1 alpha-2 code like DE") String country) {

        Address toDomain() {
            return new Address(recipient, line1, line2, postalCode, city, region, country);
        }

        static AddressBody of(Address a) {
            return new AddressBody(a.recipient(), a.line1(), a.line2(), a.postalCode(), a.city(), a.region(), a.country());
        }
    }

    public record PaymentBody(@NotNull PaymentPreference.Method method, @Size(max = 200) String token) {
        PaymentPreference toDomain() {
            return new PaymentPreference(method, token);
        }
    }

    /** A profile, for registration and for updates. */
    public record Profile(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 254) String email,
            Tier tier,
            @Size(max = 10) List<@Valid @NotNull AddressBody> addresses,
            @NotNull @Valid PaymentBody payment) {

        List<Address> addressList() {
            return addresses == null ? List.of() : addresses.stream().map(AddressBody::toDomain).toList();
        }
    }

    public record View(String id, long version, String name, String email, Tier tier, List<AddressBody> addresses,
                       PaymentPreference.Method paymentMethod, boolean hasPaymentToken, boolean active, Instant changedAt) {
        static View of(Customer c) {
            return new View(c.id(), c.version(), c.name(), c.email(), c.tier(),
                    c.addresses().stream().map(AddressBody::of).toList(), c.payment().method(), c.payment().token() != null,
                    c.active(), c.changedAt());
        }
    }
}
