package dev.orderflow.payment.clients;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import jakarta.ws.rs.core.Response;

/**
 * The external payment gateway's HTTP API (every call carries an idempotency key: repeating it is
 * safe). Responses are returned whatever their status, for {@link PaymentGateway} to read.
 */
@RegisterRestClient(configKey = "payment-gateway")
@Path("/v1/authorizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterForReflection(targets = {PaymentGatewayApi.AuthorizationRequest.class, PaymentGatewayApi.AuthorizationResponse.class,
        PaymentGatewayApi.RefundRequest.class, PaymentGatewayApi.RefundResponse.class}) // read with readEntity in native executables
public interface PaymentGatewayApi {

    record AuthorizationRequest(long amountMinor, String currency, String token, String reference) {
    }

    record AuthorizationResponse(String authorizationId, String status, String reason) {
    }

    record RefundRequest(long amountMinor, String currency) {
    }

    record RefundResponse(String refundId, String status) {
    }

    @POST
    Uni<Response> authorize(@HeaderParam("Idempotency-Key") String idempotencyKey,
                                                       AuthorizationRequest request);

    @POST
    @Path("/{authorizationId}/refunds")
    Uni<Response> refund(@PathParam("authorizationId") String authorizationId,
                                             @HeaderParam("Idempotency-Key") String idempotencyKey, RefundRequest request);
}
