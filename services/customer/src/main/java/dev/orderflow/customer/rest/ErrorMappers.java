package dev.orderflow.customer.rest;

import dev.orderflow.customer.CustomerService;
import dev.orderflow.customer.domain.InvalidCustomerException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain failures as 4xx with a reason. */
public class ErrorMappers {

    public record Problem(String title, int status, String detail) {
    }

    @ServerExceptionMapper
    public Response notFound(CustomerService.CustomerNotFoundException e) {
        return problem(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidCustomerException e) {
        return problem(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response concurrentChange(RuntimeException e) {
        return problem(Response.Status.CONFLICT, "the customer was changed concurrently; read it again and retry");
    }

    private static Response problem(Response.Status status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new Problem(status.getReasonPhrase(), status.getStatusCode(), detail)).build();
    }
}
