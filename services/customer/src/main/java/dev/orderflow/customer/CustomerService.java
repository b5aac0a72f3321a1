package dev.orderflow.customer;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.orderflow.customer.domain.Address;
import dev.orderflow.customer.domain.Customer;
import dev.orderflow.customer.domain.CustomerChange;
import dev.orderflow.customer.domain.PaymentPreference;
import dev.orderflow.customer.domain.Tier;
import dev.orderflow.customer.events.CustomerEvents;
import dev.orderflow.customer.persistence.CustomerEntity;
import dev.orderflow.customer.persistence.CustomerRepository;
import dev.orderflow.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The customer service's use cases: each changes a customer and stages its new full state, in one transaction. */
@ApplicationScoped
public class CustomerService {

    /** No customer with that id. */
    public static class CustomerNotFoundException extends RuntimeException {
        public CustomerNotFoundException(String id) {
            super("no customer " + id);
        }
    }

    /** A customer with that id exists already. */
    public static class CustomerExistsException extends RuntimeException {
        public CustomerExistsException(String id) {
            super("customer " + id + " is registered already; change it with PUT /customers/" + id);
        }
    }

    private final CustomerRepository customers;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    CustomerService(CustomerRepository customers, Outbox outbox) {
        this.customers = customers;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Customer> register(String name, String email, Tier tier, List<Address> addresses, PaymentPreference payment) {
        return persistNew(UUID.randomUUID().toString(), name, email, tier, addresses, payment);
    }

    /**
     * Registers a customer under a given id: a person registering themselves is known by their
     * identity's subject. A second registration under one id is refused ({@link CustomerExistsException}).
     */
    @WithTransaction
    public Uni<Customer> register(String id, String name, String email, Tier tier, List<Address> addresses,
                                  PaymentPreference payment) {
        return customers.findById(id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new CustomerExistsException(id));
            }
            return persistNew(id, name, email, tier, addresses, payment);
        });
    }

    private Uni<Customer> persistNew(String id, String name, String email, Tier tier, List<Address> addresses,
                                     PaymentPreference payment) {
        CustomerChange change = Customer.register(id, name, email, tier, addresses, payment,
                clock.instant());
        return customers.persist(CustomerEntity.from(change.customer()))
                .call(() -> outbox.stage(CustomerEvents.toEvent(change)))
                .map(CustomerEntity::toDomain);
    }

    @WithTransaction
    public Uni<Customer> update(String id, String name, String email, Tier tier, List<Address> addresses,
                                PaymentPreference payment) {
        return change(id, customer -> customer.update(name, email, tier, addresses, payment, clock.instant()));
    }

    @WithTransaction
    public Uni<Customer> close(String id) {
        return change(id, customer -> customer.close(clock.instant()));
    }

    @WithSession
    public Uni<Customer> find(String id) {
        return customers.findById(id)
                .onItem().ifNull().failWith(() -> new CustomerNotFoundException(id))
                .map(CustomerEntity::toDomain);
    }

    @WithSession
    public Uni<List<Customer>> list(int page, int size) {
        return customers.findAll(Sort.by("id")).page(Page.of(page, size)).list()
                .map(entities -> entities.stream().map(CustomerEntity::toDomain).toList());
    }

    private Uni<Customer> change(String id, Function<Customer, Optional<CustomerChange>> decision) {
        return customers.findById(id)
                .onItem().ifNull().failWith(() -> new CustomerNotFoundException(id))
                .chain(entity -> {
                    Optional<CustomerChange> change = decision.apply(entity.toDomain());
                    if (change.isEmpty()) {
                        return Uni.createFrom().item(entity.toDomain());
                    }
                    entity.apply(change.get().customer());
                    return customers.flush()
                            .chain(() -> outbox.stage(CustomerEvents.toEvent(change.get())))
                            .replaceWith(change.get().customer());
                });
    }
}
