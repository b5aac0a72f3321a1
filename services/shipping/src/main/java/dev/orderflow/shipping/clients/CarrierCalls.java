package dev.orderflow.shipping.clients;

import java.util.List;
import java.util.Map;

import dev.orderflow.messaging.calls.CallHandler;
import dev.orderflow.messaging.calls.PendingCall;
import dev.orderflow.messaging.calls.Unanswered;
import dev.orderflow.shipping.ShippingService;
import dev.orderflow.shipping.domain.ScheduleResult;
import dev.orderflow.shipping.domain.Shipment;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The carrier calls the shipping service decided on, made outside any transaction. */
public final class CarrierCalls {

    private CarrierCalls() {
    }

    @ApplicationScoped
    public static class Schedule implements CallHandler<Shipment, ScheduleResult> {

        private final ShippingService shipping;
        private final Carrier carrier;

        Schedule(ShippingService shipping, Carrier carrier) {
            this.shipping = shipping;
            this.carrier = carrier;
        }

        @Override
        public String kind() {
            return ShippingService.SCHEDULE;
        }

        @Override
        public Uni<Map<Long, Shipment>> begin(List<PendingCall> calls) {
            return shipping.awaitingScheduling(PendingCall.subjects(calls)).map(waiting -> PendingCall.byCall(calls, waiting));
        }

        @Override
        public Uni<ScheduleResult> call(PendingCall call, Shipment shipment) {
            return carrier.schedule(shipment, new Unanswered());
        }

        @Override
        public Uni<Void> record(List<Outcome<Shipment, ScheduleResult>> outcomes) {
            return shipping.schedulesAnswered(Outcome.answers(outcomes, Shipment::id));
        }
    }

    /**
     * Settles a shipment in doubt: the request that got no answer is sent again with its idempotency
     * key, and what the carrier scheduled is cancelled. The answer is what became of it.
     */
    @ApplicationScoped
    public static class Reverse implements CallHandler<Shipment, String> {

        private final ShippingService shipping;
        private final Carrier carrier;

        Reverse(ShippingService shipping, Carrier carrier) {
            this.shipping = shipping;
            this.carrier = carrier;
        }

        @Override
        public String kind() {
            return ShippingService.REVERSE;
        }

        @Override
        public Uni<Map<Long, Shipment>> begin(List<PendingCall> calls) {
            return shipping.awaitingReversal(PendingCall.subjects(calls)).map(waiting -> PendingCall.byCall(calls, waiting));
        }

        @Override
        public Uni<String> call(PendingCall call, Shipment shipment) {
            return carrier.askAgain(shipment).chain(answer -> switch (answer) {
                case ScheduleResult.Scheduled s -> carrier.cancel(s.carrierShipmentId())
                        .replaceWith("the carrier had scheduled it (" + s.carrierShipmentId() + "): cancelled");
                case ScheduleResult.Refused r -> Uni.createFrom().item("the carrier had scheduled nothing (" + r.reason() + ")");
                case ScheduleResult.Unavailable u -> Uni.createFrom().failure(new IllegalStateException(u.detail()));
            });
        }

        @Override
        public Uni<Void> record(List<Outcome<Shipment, String>> outcomes) {
            return shipping.reversalsSettled(Outcome.answers(outcomes, Shipment::id));
        }
    }

    @ApplicationScoped
    public static class Cancel implements CallHandler<Shipment, Boolean> {

        private final ShippingService shipping;
        private final Carrier carrier;

        Cancel(ShippingService shipping, Carrier carrier) {
            this.shipping = shipping;
            this.carrier = carrier;
        }

        @Override
        public String kind() {
            return ShippingService.CANCEL;
        }

        @Override
        public Uni<Map<Long, Shipment>> begin(List<PendingCall> calls) {
            return shipping.awaitingCancellation(PendingCall.subjects(calls)).map(waiting -> PendingCall.byCall(calls, waiting));
        }

        /** True once the carrier confirmed the cancellation (anything else fails the call). */
        @Override
        public Uni<Boolean> call(PendingCall call, Shipment shipment) {
            return carrier.cancel(shipment.carrierShipmentId()).replaceWith(Boolean.TRUE);
        }

        @Override
        public Uni<Void> record(List<Outcome<Shipment, Boolean>> outcomes) {
            return shipping.cancelled(outcomes.stream().filter(Outcome::answered).map(o -> o.target().id()).toList());
        }
    }
}
