package dev.orderflow.shipping.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class ShipmentTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Destination HOME = new Destination("Ada", "1 Row", null, "10115", "Berlin", null, "DE");
    private static final ScheduleResult.Scheduled OK =
            new ScheduleResult.Scheduled("shp-1", "Parcelwise", "PW1", LocalDate.of(2026, 11, 24));

    private static Shipment requested() {
        return Shipment.request("s-1", "o-1", HOME, 3, NOW);
    }

    @Test
    void aScheduledShipmentIsAnnounced() {
        Shipment.Transition t = requested().scheduleResult(OK, NOW);
        assertThat(t.shipment().status()).isEqualTo(Shipment.Status.SCHEDULED);
        assertThat(t.shipment().trackingNumber()).isEqualTo("PW1");
        assertThat(t.facts()).singleElement().isInstanceOf(Shipment.Fact.Scheduled.class);
        assertThat(t.shipment().scheduleResult(OK, NOW).facts()).isEmpty();
    }

    @Test
    void refusalsAndOutagesFailTheShipment() {
        Shipment.Transition refused = requested().scheduleResult(new ScheduleResult.Refused("destination not served"), NOW);
        assertThat(refused.shipment().status()).isEqualTo(Shipment.Status.FAILED);
        assertThat(refused.shipment().detail()).isEqualTo("destination not served");
        assertThat(refused.facts()).singleElement().isInstanceOf(Shipment.Fact.Failed.class);
        assertThat(refused.followUp()).isEqualTo(Shipment.FollowUp.NONE);
        // Every attempt answered with a failure (a 503): the carrier said it did nothing.
        Shipment.Transition down = requested().scheduleResult(new ScheduleResult.Unavailable("503", false), NOW);
        assertThat(down.shipment().status()).isEqualTo(Shipment.Status.FAILED);
        assertThat(down.facts()).singleElement().isInstanceOf(Shipment.Fact.Failed.class);
        assertThat(down.followUp()).isEqualTo(Shipment.FollowUp.NONE);
    }

    @Test
    void aRequestWithoutAnAnswerFailsTheShipmentAndLeavesItInDoubtUntilTheCarrierIsAskedAgain() {
        Shipment.Transition down = requested().scheduleResult(new ScheduleResult.Unavailable("timeout", true), NOW);
        assertThat(down.shipment().status()).isEqualTo(Shipment.Status.FAILED_IN_DOUBT);
        assertThat(down.reversalDue()).isTrue();
        assertThat(down.shipment().awaitsReversal()).isTrue();
        Shipment.Transition ended = down.shipment().orderEnded(NOW); // the order failed for it
        assertThat(ended.followUp()).isEqualTo(Shipment.FollowUp.NONE);

        Shipment.Transition settled = ended.shipment().reversed("the carrier had scheduled it (shp-1): cancelled", NOW);
        assertThat(settled.shipment().status()).isEqualTo(Shipment.Status.REVERSED);
        assertThat(settled.shipment().detail()).isEqualTo("timeout; the carrier had scheduled it (shp-1): cancelled");
        assertThat(settled.facts()).isEmpty(); // it was never announced as scheduled
        assertThat(settled.shipment().reversed("again", NOW).shipment()).isEqualTo(settled.shipment());
        assertThat(settled.shipment().scheduleResult(OK, NOW).facts()).isEmpty(); // a late first answer changes nothing
    }

    @Test
    void aRequestWithoutAnAnswerAfterTheOrderEndedIsAskedAgainTooButAnnouncedToNobody() {
        Shipment.Transition down = requested().orderEnded(NOW).shipment().scheduleResult(new ScheduleResult.Unavailable("timeout", true), NOW);
        assertThat(down.shipment().status()).isEqualTo(Shipment.Status.FAILED_IN_DOUBT);
        assertThat(down.facts()).isEmpty();
        assertThat(down.reversalDue()).isTrue();
        assertThat(requested().reversed("x", NOW).shipment()).isEqualTo(requested());
    }

    @Test
    void anOrderEndingBeforeTheCallVoidsTheShipmentAndALateConfirmationIsCancelled() {
        Shipment voided = requested().orderEnded(NOW).shipment();
        assertThat(voided.status()).isEqualTo(Shipment.Status.VOIDED);
        assertThat(voided.awaitsScheduling()).isFalse();
        Shipment.Transition late = voided.scheduleResult(OK, NOW);
        assertThat(late.shipment().status()).isEqualTo(Shipment.Status.CANCEL_PENDING);
        assertThat(late.cancelDue()).isTrue();
        assertThat(voided.scheduleResult(new ScheduleResult.Refused("no"), NOW).facts()).isEmpty();
    }

    @Test
    void aScheduledShipmentIsCancelledOnceWhenTheOrderEnds() {
        Shipment scheduled = requested().scheduleResult(OK, NOW).shipment();
        Shipment.Transition ended = scheduled.orderEnded(NOW);
        assertThat(ended.cancelDue()).isTrue();
        assertThat(ended.shipment().orderEnded(NOW).cancelDue()).isFalse();
        Shipment.Transition cancelled = ended.shipment().cancelled(NOW);
        assertThat(cancelled.shipment().status()).isEqualTo(Shipment.Status.CANCELLED);
        assertThat(cancelled.facts()).singleElement().isInstanceOf(Shipment.Fact.Cancelled.class);
        assertThat(cancelled.shipment().cancelled(NOW).facts()).isEmpty();
    }

    @Test
    void aShipmentNeedsSomethingToShip() {
        assertThatThrownBy(() -> Shipment.request("s", "o", HOME, 0, NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
