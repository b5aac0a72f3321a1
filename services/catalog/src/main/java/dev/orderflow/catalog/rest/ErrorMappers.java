package dev.orderflow.catalog.rest;

import dev.orderflow.catalog.CatalogService;
import dev.orderflow.catalog.domain.InvalidProductException;
import dev.orderflow.messaging.http.Problem;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain failures as 4xx with a reason, in the same shape as the validation errors. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response notFound(CatalogService.ProductNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response exists(CatalogService.ProductExistsException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidProductException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response concurrentChange(RuntimeException e) {
        return Problem.response(Response.Status.CONFLICT, "the product was changed concurrently; read it again and retry");
    }
}
