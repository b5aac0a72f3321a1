package dev.orderflow.order.rest;

import dev.orderflow.messaging.http.Problem;
import dev.orderflow.order.OrderImports;
import dev.orderflow.order.OrderService;
import dev.orderflow.order.domain.Import;
import dev.orderflow.order.domain.IllegalTransitionException;
import dev.orderflow.order.domain.InvalidOrderException;
import dev.orderflow.order.domain.TooManyOrdersException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain failures as 4xx with a reason. */
public class ErrorMappers {

    @ServerExceptionMapper({OrderService.OrderNotFoundException.class, OrderImports.ImportNotFoundException.class})
    public Response notFound(RuntimeException e) {
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

    /** A part of an import file from another line than the import has read up to: the answer says which line to go on from. */
    @ServerExceptionMapper
    public Response outOfPlace(Import.OutOfPlaceException e) {
        return Response.fromResponse(Problem.response(Response.Status.CONFLICT, e.getMessage()))
                .header("Import-Lines-Read", e.expected()).build();
    }

    @ServerExceptionMapper({IllegalTransitionException.class, Import.AlreadyReadException.class,
            OrderImports.FormatMismatchException.class})
    public Response conflict(RuntimeException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }
}
