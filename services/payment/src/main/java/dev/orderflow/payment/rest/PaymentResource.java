package dev.orderflow.payment.rest;

import java.time.Instant;

import dev.orderflow.messaging.http.Problem;
import dev.orderflow.messaging.http.Roles;
import dev.orderflow.payment.PaymentService;
import dev.orderflow.payment.domain.Payment;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Back office: recording the bank transfer that pays an order by invoice (before its reservation expires). */
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PaymentResource {

    public record Transfer(@NotBlank @Size(max = 200) String reference) {
    }

    public record View(String paymentId, String orderId, long amountMinor, String currency, Payment.Status status,
                       String reference, Instant updatedAt) {
    }

    @Inject
    PaymentService payments;

    @RolesAllowed(Roles.FINANCE)
    @POST
    @Path("/{orderId}/transfer")
    public Uni<View> transferReceived(@PathParam("orderId") String orderId, @NotNull @Valid Transfer transfer) {
        return payments.transferReceived(orderId, transfer.reference()).map(p -> new View(p.id(), p.orderId(),
                p.amountMinor(), p.currency(), p.status(), p.gatewayReference(), p.updatedAt()));
    }

    @ServerExceptionMapper
    public Response notFound(PaymentService.PaymentNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(IllegalStateException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }
}
