package dev.orderflow.messaging.testapp;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.messaging.http.Roles;
import dev.orderflow.messaging.outbox.Outbox;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Sets a stock level and publishes the change, in one transaction, through the outbox. */
@Path("/test/stock")
public class StockLedgerResource {

    public record SetLevel(String sku, int available) {
    }

    @Inject
    Outbox outbox;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Uni<List<String>> set(SetLevel request) {
        StockLevelChanged changed = StockLevelChanged.newBuilder()
                .setSku(request.sku())
                .setAvailable(request.available())
                .setReserved(0)
                .setDelta(request.available())
                .setCause("test")
                .setChangedAt(Instant.now())
                .build();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into test_stock (sku, available) values (:sku, :available)"
                                + " on conflict (sku) do update set available = excluded.available")
                        .setParameter("sku", request.sku())
                        .setParameter("available", request.available())
                        .executeUpdate())
                .chain(() -> outbox.stage(OutgoingEvent.of(changed))));
    }
}
