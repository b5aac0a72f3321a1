package dev.orderflow.order.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.orderflow.messaging.http.Problem;
import dev.orderflow.order.OrderImports;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * On an operation about the import {@code {id}}: the import must exist before the operation starts,
 * else 404 — for a stream (Server-Sent Events), whose 200 goes out as soon as it starts, the only
 * place a 404 can still be sent.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ExistingImport {

    /** The check, bound to the operations annotated {@code @ExistingImport}. */
    class Check {

        @Inject
        OrderImports imports;

        @ServerRequestFilter
        @ExistingImport
        public Uni<Response> importExists(UriInfo uri) {
            return imports.find(uri.getPathParameters().getFirst("id")).replaceWith((Response) null)
                    .onFailure(OrderImports.ImportNotFoundException.class)
                    .recoverWithItem(e -> Problem.response(Response.Status.NOT_FOUND, e.getMessage()));
        }
    }
}
