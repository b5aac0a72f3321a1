package dev.orderflow.order.rest;

import dev.orderflow.messaging.http.Problem;
import dev.orderflow.order.OrderService;
import dev.orderflow.order.domain.IllegalTransitionException;
import dev.orderflow.order.domain.InvalidOrderException;
import dev.orderflow.order.domain.TooManyOrdersException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain failures as 4xx with a reason. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response notFound(OrderService.OrderNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper({InvalidOrderException.class, OrderService.IdempotencyKeyReusedException.class})
    public Response unprocessable(RuntimeException e) {
        return Problem.response(422, "Unprocessable Content", e.getMessage());
    }

    @ServerExceptionMapper({TooManyOrdersException.class, StatusStreams.LimitReachedException.class})
    public Response tooMany(RuntimeException e) {
        return Problem.response(429, "Too Many Requests", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(IllegalTransitionException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }
}
