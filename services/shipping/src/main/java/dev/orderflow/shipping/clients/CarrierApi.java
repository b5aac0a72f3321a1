package dev.orderflow.shipping.clients;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The external carrier's HTTP API (shipment requests carry an idempotency key: repeating one is
 * safe). Responses are returned whatever their status, for {@link Carrier} to read.
 */
@RegisterRestClient(configKey = "carrier")
@Path("/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterForReflection(targets = {CarrierApi.Address.class, CarrierApi.ShipmentRequest.class,
        CarrierApi.ShipmentResponse.class}) // read with readEntity in native executables
public interface CarrierApi {

    record Address(String recipient, String line1, String line2, String postalCode, String city, String region,
                   String country) {
    }

    record ShipmentRequest(String orderId, Address address, int units) {
    }

    record ShipmentResponse(String shipmentId, String carrier, String trackingNumber, String estimatedDelivery, String error) {
    }

    @POST
    Uni<Response> schedule(@HeaderParam("Idempotency-Key") String idempotencyKey, ShipmentRequest request);

    @DELETE
    @Path("/{shipmentId}")
    Uni<Response> cancel(@PathParam("shipmentId") String shipmentId);
}
