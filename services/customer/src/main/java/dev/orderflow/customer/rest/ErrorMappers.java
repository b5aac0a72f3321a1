package dev.orderflow.customer.rest;

import dev.orderflow.customer.CustomerService;
import dev.orderflow.customer.domain.InvalidCustomerException;
import dev.orderflow.messaging.http.Problem;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain failures as 4xx with a reason. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response notFound(CustomerService.CustomerNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response exists(CustomerService.CustomerExistsException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidCustomerException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response concurrentChange(RuntimeException e) {
        return Problem.response(Response.Status.CONFLICT, "the customer was changed concurrently; read it again and retry");
    }
}
