package dev.orderflow.shipping.clients;

import java.time.LocalDate;

import dev.orderflow.messaging.calls.Unanswered;
import dev.orderflow.shipping.domain.Destination;
import dev.orderflow.shipping.domain.ScheduleResult;
import dev.orderflow.shipping.domain.Shipment;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The carrier behind SmallRye Fault Tolerance, the same way as the payment gateway: a refusal (4xx)
 * is an answer; unanswered calls are retried with jitter, a failing carrier opens the circuit, a
 * bulkhead bounds the calls in flight, and a request that still gets no answer falls back to
 * {@link ScheduleResult.Unavailable} (the shipment fails, the order is undone; if an attempt went
 * unanswered, {@link Unanswered}, the carrier may have scheduled it all the same, so shipping then
 * asks again, {@link #askAgain}, and cancels what it finds). Cancellations have
 * no fallback: they stay pending and are retried until the carrier confirms. The policies' values
 * are configuration (application.properties, MicroProfile Fault Tolerance keys), not code.
 */
@ApplicationScoped
public class Carrier {

    private static final Logger LOG = Logger.getLogger(Carrier.class);

    private final CarrierApi api;

    Carrier(@RestClient CarrierApi api) {
        this.api = api;
    }

    @Timeout
    @Retry(retryOn = {CarrierUnavailableException.class,
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    @CircuitBreaker
    @Bulkhead
    @Fallback(fallbackMethod = "unavailable")
    public Uni<ScheduleResult> schedule(Shipment shipment, Unanswered unanswered) {
        return send(shipment, unanswered);
    }

    /**
     * Sends a shipment request that got no answer again, with the same idempotency key, to learn
     * what the carrier made of it (the shipment it scheduled, or its refusal; if it never received
     * the first, it schedules now). Nothing waits for the answer, so it may take longer than a first
     * attempt; no fallback: a call without an answer stays pending and is made again later.
     */
    @Timeout
    @Retry
    @CircuitBreaker
    @Bulkhead
    public Uni<ScheduleResult> askAgain(Shipment shipment) {
        return send(shipment, new Unanswered());
    }

    private Uni<ScheduleResult> send(Shipment shipment, Unanswered unanswered) {
        Destination d = shipment.destination();
        return unanswered.watch(api.schedule(shipment.id(), new CarrierApi.ShipmentRequest(shipment.orderId(),
                        new CarrierApi.Address(d.recipient(), d.line1(), d.line2(), d.postalCode(), d.city(), d.region(), d.country()),
                        shipment.units())))
                .onFailure().transform(e -> new CarrierUnavailableException("no answer from the carrier: " + e, e))
                .map(response -> {
                    int status = response.getStatus();
                    if (status == 200 || status == 201) {
                        CarrierApi.ShipmentResponse body = response.readEntity(CarrierApi.ShipmentResponse.class);
                        return new ScheduleResult.Scheduled(body.shipmentId(), body.carrier(), body.trackingNumber(),
                                body.estimatedDelivery() == null ? null : LocalDate.parse(body.estimatedDelivery()));
                    }
                    if (status >= 400 && status < 500) {
                        return new ScheduleResult.Refused("the carrier refused the shipment (" + status + "): " + error(response));
                    }
                    throw new CarrierUnavailableException("the carrier answered " + status);
                });
    }

    Uni<ScheduleResult> unavailable(Shipment shipment, Unanswered unanswered, Throwable cause) {
        boolean inDoubt = unanswered.giveUp(); // no attempt still queued (behind the bulkhead) goes out after this
        LOG.warnf("shipment %s: carrier unavailable, failing the shipment%s: %s", shipment.id(),
                inDoubt ? " (an attempt went unanswered: it will be asked again)" : "", cause.toString());
        return Uni.createFrom().item(new ScheduleResult.Unavailable("carrier unavailable: "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), inDoubt));
    }

    /** Cancels a scheduled shipment; fails (to be retried later) unless the carrier confirms. */
    @Timeout
    @Retry
    @CircuitBreaker
    @Bulkhead
    public Uni<Void> cancel(String carrierShipmentId) {
        return api.cancel(carrierShipmentId).map(response -> {
            int status = response.getStatus();
            if (status != 200 && status != 204 && status != 404) { // 404: gone already
                throw new CarrierUnavailableException("cancelling " + carrierShipmentId + ": the carrier answered " + status);
            }
            return null;
        });
    }

    private static String error(Response response) {
        try {
            CarrierApi.ShipmentResponse body = response.readEntity(CarrierApi.ShipmentResponse.class);
            return body != null && body.error() != null ? body.error() : "no reason given";
        } catch (RuntimeException unreadable) {
            return "no reason given";
        }
    }
}
