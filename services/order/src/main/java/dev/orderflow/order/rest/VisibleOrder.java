package dev.orderflow.order.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.orderflow.messaging.http.Caller;
import dev.orderflow.messaging.http.Problem;
import dev.orderflow.order.OrderService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * On an operation about the order {@code {id}}: the order must exist and be the caller's (or the
 * caller an operator) before the operation starts, else 404. For a stream (Server-Sent Events),
 * whose 200 and headers go out as soon as it starts, this is the only place a 404 can still be sent.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface VisibleOrder {

    /** The check, bound to the operations annotated {@code @VisibleOrder}. */
    class Check {

        @Inject
        OrderService orders;

        @Inject
        SecurityIdentity identity;

        @ServerRequestFilter
        @VisibleOrder
        public Uni<Response> orderIsTheCallers(UriInfo uri) {
            String id = uri.getPathParameters().getFirst("id");
            return orders.status(id, Caller.of(identity)::mayActFor).replaceWith((Response) null)
                    .onFailure(OrderService.OrderNotFoundException.class)
                    .recoverWithItem(e -> Problem.response(Response.Status.NOT_FOUND, e.getMessage()));
        }
    }
}
