package dev.orderflow.catalog.rest;

import dev.orderflow.catalog.CatalogService;
import dev.orderflow.catalog.domain.InvalidProductException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain failures as 4xx with a reason, in the same shape as the validation errors. */
public class ErrorMappers {

    public record Problem(String title, int status, String detail) {
    }

    @ServerExceptionMapper
    public Response notFound(CatalogService.ProductNotFoundException e) {
        return problem(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response exists(CatalogService.ProductExistsException e) {
        return problem(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidProductException e) {
        return problem(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response concurrentChange(RuntimeException e) {
        return problem(Response.Status.CONFLICT, "the product was changed concurrently; read it again and retry");
    }

    private static Response problem(Response.Status status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new Problem(status.getReasonPhrase(), status.getStatusCode(), detail)).build();
    }
}
