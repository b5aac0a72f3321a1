package dev.orderflow.customer.events;

import dev.orderflow.customer.domain.Address;
import dev.orderflow.customer.domain.Customer;
import dev.orderflow.customer.domain.CustomerChange;
import dev.orderflow.events.common.CustomerTier;
import dev.orderflow.events.customers.CustomerChanged;
import dev.orderflow.events.customers.PaymentMethod;
import dev.orderflow.messaging.outbox.OutgoingEvent;

/** Maps the customer's facts to the contract: a change is a CustomerChanged carrying the full state. */
public final class CustomerEvents {

    private CustomerEvents() {
    }

    public static OutgoingEvent toEvent(CustomerChange change) {
        Customer c = change.customer();
        return OutgoingEvent.of(CustomerChanged.newBuilder()
                .setCustomerId(c.id())
                .setVersion(c.version())
                .setName(c.name())
                .setEmail(c.email())
                .setTier(CustomerTier.valueOf(c.tier().name()))
                .setAddresses(c.addresses().stream().map(CustomerEvents::address).toList())
                .setPaymentMethod(PaymentMethod.valueOf(c.payment().method().name()))
                .setPaymentToken(c.payment().token())
                .setActive(c.active())
                .setChangedAt(c.changedAt())
                .build());
    }

    private static dev.orderflow.events.common.Address address(Address a) {
        return dev.orderflow.events.common.Address.newBuilder()
                .setRecipient(a.recipient()).setLine1(a.line1()).setLine2(a.line2()).setPostalCode(a.postalCode())
                .setCity(a.city()).setRegion(a.region()).setCountry(a.country())
                .build();
    }
}
