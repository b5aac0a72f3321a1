package dev.orderflow.inventory.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import dev.orderflow.events.common.CustomerSnapshot;
import dev.orderflow.events.common.StockLine;
import dev.orderflow.events.inventory.ReleaseReason;
import dev.orderflow.events.inventory.StockCommitted;
import dev.orderflow.events.inventory.StockLevelChanged;
import dev.orderflow.events.inventory.StockReleased;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.StockReserved;
import dev.orderflow.events.orders.OrderCancelled;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.events.orders.OrderRejected;
import dev.orderflow.events.orders.RejectionReason;
import dev.orderflow.events.payments.PaymentAuthorized;
import dev.orderflow.events.payments.PaymentFailed;
import dev.orderflow.events.payments.PaymentFailureReason;
import dev.orderflow.events.shipments.ShipmentFailed;
import dev.orderflow.inventory.domain.OrderFact;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationLine;
import dev.orderflow.inventory.domain.Stock;
import dev.orderflow.inventory.domain.StockChange;
import dev.orderflow.inventory.domain.StockLevel;
import dev.orderflow.messaging.inbox.ReceivedEvent;
import dev.orderflow.messaging.inbox.Translated;
import dev.orderflow.messaging.outbox.OutgoingEvent;
import io.opentelemetry.context.Context;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The inbound translation: each event the inventory subscribes to, as the fact its use case acts on; and back out. */
class InventoryEventsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final CustomerSnapshot ADA = CustomerSnapshot.newBuilder().setCustomerId("c-1").setName("Ada")
            .setEmail("ada@example.org").build();

    @Test
    void aPlacedOrderIsItsLinesToHoldAndTheHoldCarriesThePlacedOrderOnInItsTrace() {
        OrderPlaced placed = Orders.order("o-1", Orders.line("MUG", 2), Orders.line("CUP", 1));
        Translated<OrderFact> fact = InventoryEvents.facts(List.of(received("o-1", placed))).getFirst();

        assertThat(fact.fact()).isEqualTo(new OrderFact.Placed("o-1",
                List.of(new ReservationLine("MUG", 2), new ReservationLine("CUP", 1))));
        Reservation held = new Reservation("r-1", "o-1", List.of(new ReservationLine("MUG", 2)), Reservation.Status.HELD,
                NOW.plusSeconds(900));
        OutgoingEvent out = InventoryEvents.reserved(fact, held, NOW);
        assertThat(out.cause()).isSameAs(fact.cause());
        StockReserved reserved = (StockReserved) out.event();
        assertThat(reserved.getOrder()).isEqualTo(placed.getOrder());
        assertThat(reserved.getReservationId()).isEqualTo("r-1");
        assertThat(reserved.getExpiresAt()).isEqualTo(NOW.plusSeconds(900));

        StockReservationFailed refused = (StockReservationFailed) InventoryEvents.refused(fact,
                List.of(new Stock.Shortage("MUG", 2, 1)), NOW).event();
        assertThat(refused.getOrderId()).isEqualTo("o-1");
        assertThat(refused.getUnavailable()).singleElement()
                .satisfies(u -> assertThat(List.of(u.getSku(), u.getRequested(), u.getAvailable())).containsExactly("MUG", 2, 1));
    }

    @Test
    void aPaymentIsItsIdAndTheCommitmentCarriesThePaidOrderOn() {
        PaymentAuthorized paid = PaymentAuthorized.newBuilder().setOrderId("o-1").setPaymentId("p-1").setAmountMinor(200)
                .setCurrency("EUR").setGatewayReference("g-1").setOrder(Orders.order("o-1", Orders.line("MUG", 2)).getOrder())
                .setAuthorizedAt(NOW).build();
        Translated<OrderFact> fact = InventoryEvents.facts(List.of(received("o-1", paid))).getFirst();

        assertThat(fact.fact()).isEqualTo(new OrderFact.Paid("o-1", "p-1"));
        Reservation committed = new Reservation("r-1", "o-1", List.of(new ReservationLine("MUG", 2)),
                Reservation.Status.CONFIRMED, NOW);
        StockCommitted event = (StockCommitted) InventoryEvents.committed(fact, "p-1", committed, NOW).event();
        assertThat(event.getPaymentId()).isEqualTo("p-1");
        assertThat(event.getOrder()).isEqualTo(paid.getOrder());
    }

    @Test
    void everyEndingIsAnEndWithItsCauseAndAReleaseSaysItOnTheStream() {
        List<Translated<OrderFact>> facts = InventoryEvents.facts(List.of(
                received("o-2", OrderCancelled.newBuilder().setOrderId("o-2").setCustomer(ADA).setCancelledAt(NOW).build()),
                received("o-3", PaymentFailed.newBuilder().setOrderId("o-3").setPaymentId("p-3").setAmountMinor(1)
                        .setCurrency("EUR").setReason(PaymentFailureReason.DECLINED).setFailedAt(NOW).build()),
                received("o-4", ShipmentFailed.newBuilder().setOrderId("o-4").setFailedAt(NOW).build()),
                received("o-5", OrderRejected.newBuilder().setOrderId("o-5").setCustomer(ADA)
                        .setReason(RejectionReason.RESERVATION_EXPIRED).setRejectedAt(NOW).build())));

        assertThat(facts).extracting(Translated::fact).containsExactly(
                new OrderFact.Ended("o-2", OrderFact.Cause.ORDER_CANCELLED),
                new OrderFact.Ended("o-3", OrderFact.Cause.PAYMENT_FAILED),
                new OrderFact.Ended("o-4", OrderFact.Cause.SHIPMENT_FAILED),
                new OrderFact.Ended("o-5", OrderFact.Cause.ORDER_REJECTED));
        assertThat(facts.stream().map(f -> {
            Reservation released = new Reservation("r-" + f.fact().orderId(), f.fact().orderId(),
                    List.of(new ReservationLine("MUG", 3)), Reservation.Status.RELEASED, NOW);
            StockReleased event = (StockReleased) InventoryEvents.released(f, ((OrderFact.Ended) f.fact()).cause(), released, NOW).event();
            assertThat(event.getLines()).containsExactly(StockLine.newBuilder().setSku("MUG").setQuantity(3).build());
            return event.getReason();
        })).containsExactly(ReleaseReason.ORDER_CANCELLED, ReleaseReason.PAYMENT_FAILED, ReleaseReason.SHIPMENT_FAILED,
                ReleaseReason.OTHER);
    }

    @Test
    void theFactIsAboutTheOrderTheKeyNames() {
        assertThat(InventoryEvents.fact(received("o-key", OrderCancelled.newBuilder().setOrderId("o-body").setCustomer(ADA)
                .setCancelledAt(NOW).build())).orderId()).isEqualTo("o-key");
    }

    @Test
    void aTypeTheInventoryDoesNotSubscribeToIsRefused() {
        assertThatThrownBy(() -> InventoryEvents.fact(received("c-1", ADA)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CustomerSnapshot");
    }

    @Test
    void aLevelChangeContinuesTheTraceOfTheFactThatCausedItAndAnAdjustmentStartsNone() {
        Translated<OrderFact> fact = InventoryEvents.facts(List.of(received("o-1", Orders.order("o-1", Orders.line("MUG", 1)))))
                .getFirst();
        StockChange change = new StockChange(new StockLevel("MUG", 9, 1), -1, "reserved");

        OutgoingEvent caused = InventoryEvents.levelChanged(fact, change, NOW);
        assertThat(caused.cause()).isSameAs(fact.cause());
        StockLevelChanged event = (StockLevelChanged) caused.event();
        assertThat(List.of(event.getSku(), event.getAvailable(), event.getReserved(), event.getDelta(), event.getCause()))
                .containsExactly("MUG", 9, 1, -1, "reserved");
        assertThat(InventoryEvents.levelChanged(null, change, NOW).cause()).isNull();
    }

    private static ReceivedEvent received(String key, SpecificRecord event) {
        return new ReceivedEvent("e-" + key, event.getSchema().getFullName(), key, "test", NOW, event, "t", 0, 0L, Context.root());
    }
}
