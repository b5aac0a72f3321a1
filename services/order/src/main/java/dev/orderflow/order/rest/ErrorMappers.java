package dev.orderflow.order.rest;

import dev.orderflow.order.OrderService;
import dev.orderflow.order.domain.IllegalTransitionException;
import dev.orderflow.order.domain.InvalidOrderException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain failures as 4xx with a reason. */
public class ErrorMappers {

    public record Problem(String title, int status, String detail) {
    }

    @ServerExceptionMapper
    public Response notFound(OrderService.OrderNotFoundException e) {
        return problem(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper({InvalidOrderException.class, OrderService.IdempotencyKeyReusedException.class})
    public Response unprocessable(RuntimeException e) {
        return problem(422, "Unprocessable Content", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(IllegalTransitionException e) {
        return problem(Response.Status.CONFLICT, e.getMessage());
    }

    private static Response problem(Response.Status status, String detail) {
        return problem(status.getStatusCode(), status.getReasonPhrase(), detail);
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Problem(title, status, detail)).build();
    }
}
