package dev.orderflow.shipping.clients;

import dev.orderflow.messaging.calls.CallHandler;
import dev.orderflow.messaging.calls.PendingCall;
import dev.orderflow.shipping.ShippingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The carrier calls the shipping service decided on, made outside any transaction. */
public final class CarrierCalls {

    private CarrierCalls() {
    }

    @ApplicationScoped
    public static class Schedule implements CallHandler {

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
        public Uni<Void> perform(PendingCall call) {
            return shipping.toSchedule(call.subject()).chain(shipment -> shipment == null ? shipping.nothingToDo(call)
                    : carrier.schedule(shipment).chain(result -> shipping.scheduleAnswered(call, result)));
        }
    }

    @ApplicationScoped
    public static class Cancel implements CallHandler {

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
        public Uni<Void> perform(PendingCall call) {
            return shipping.toCancel(call.subject()).chain(shipment -> shipment == null ? shipping.nothingToDo(call)
                    : carrier.cancel(shipment.carrierShipmentId()).chain(() -> shipping.cancelled(call)));
        }
    }
}
