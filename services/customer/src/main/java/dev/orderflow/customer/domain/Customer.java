package dev.orderflow.customer.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A customer. Immutable: every change returns the new customer and the fact to publish; the
 * version counts changes. A closed customer keeps its history but can no longer order.
 */
public record Customer(String id, long version, String name, String email, Tier tier, List<Address> addresses,
                       PaymentPreference payment, boolean active, Instant changedAt) {

    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final int MAX_ADDRESSES = 10;

    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(changedAt, "changedAt");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidCustomerException("name must be 1-200 characters");
        }
        name = name.strip();
        if (email == null || email.length() > 254 || !EMAIL.matcher(email.strip()).matches()) {
            throw new InvalidCustomerException("email must be an e-mail address, was " + email);
        }
        email = email.strip().toLowerCase(java.util.Locale.ROOT);
        tier = tier == null ? Tier.STANDARD : tier;
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        if (addresses.size() > MAX_ADDRESSES) {
            throw new InvalidCustomerException("at most " + MAX_ADDRESSES + " addresses");
        }
        Objects.requireNonNull(payment, "payment");
        if (version < 0) {
            throw new InvalidCustomerException("version starts at 0");
        }
    }

    public static CustomerChange register(String id, String name, String email, Tier tier, List<Address> addresses,
                                          PaymentPreference payment, Instant now) {
        return new CustomerChange(new Customer(id, 0, name, email, tier, addresses, payment, true, now));
    }

    /** The customer with a new profile, or nothing when it is the same. A closed customer cannot be changed. */
    public Optional<CustomerChange> update(String name, String email, Tier tier, List<Address> addresses,
                                           PaymentPreference payment, Instant now) {
        if (!active) {
            throw new InvalidCustomerException("customer " + id + " is closed");
        }
        Customer updated = new Customer(id, version + 1, name, email, tier, addresses, payment, true, now);
        return updated.sameProfileAs(this) ? Optional.empty() : Optional.of(new CustomerChange(updated));
    }

    /** Closes the account; nothing if it already is. */
    public Optional<CustomerChange> close(Instant now) {
        if (!active) {
            return Optional.empty();
        }
        return Optional.of(new CustomerChange(new Customer(id, version + 1, name, email, tier, addresses, payment, false, now)));
    }

    /** Where orders ship unless the customer says otherwise. */
    public Optional<Address> defaultAddress() {
        return addresses.stream().findFirst();
    }

    private boolean sameProfileAs(Customer other) {
        return name.equals(other.name) && email.equals(other.email) && tier == other.tier
                && addresses.equals(other.addresses) && payment.equals(other.payment) && active == other.active;
    }
}
