package dev.orderflow.order.rest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.messaging.http.Caller;
import dev.orderflow.messaging.http.Roles;
import dev.orderflow.order.OrderService;
import dev.orderflow.order.domain.OrderStatus;
import dev.orderflow.order.domain.PlacementLimits;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The order API. Placing needs an {@code Idempotency-Key} header: a retried request with the same
 * key and body gets the order the first one placed (200, {@code Idempotent-Replayed: true}); the same
 * key with a different body is refused (422).
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    OrderService orders;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    SecurityIdentity identity;

    @Inject
    StatusStreams streams;

    /** What a customer may place by themselves (an operator placing for a customer is not limited). */
    @ConfigProperty(name = "orderflow.order.limits.in-flight", defaultValue = "20")
    int inFlight;

    @ConfigProperty(name = "orderflow.order.limits.per-minute", defaultValue = "30")
    int perMinute;

    @ConfigProperty(name = "orderflow.order.limits.units-per-order", defaultValue = "1000")
    int unitsPerOrder;

    /** Live status streams a customer may hold open on one instance, and how long one stays open without a change. */
    @ConfigProperty(name = "orderflow.order.status-streams.per-customer", defaultValue = "5")
    int streamsPerCustomer;

    @ConfigProperty(name = "orderflow.order.status-streams.idle-timeout", defaultValue = "PT10M")
    Duration streamIdleTimeout;

    /**
     * A customer places orders for themselves (the customer id comes from the token), within their
     * placement limits (429 with the reason); an operator names the customer.
     */
    @POST
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Uni<Response> place(@HeaderParam(IDEMPOTENCY_KEY) @NotBlank(message = "an Idempotency-Key header is required")
                               @Size(max = 200) String idempotencyKey,
                               @NotNull @Valid OrderDto.PlaceOrder request) {
        Caller caller = Caller.of(identity);
        String customerId = caller.customerFor(request.customerId());
        PlacementLimits limits = caller.isOperator() ? PlacementLimits.NONE : new PlacementLimits(inFlight, perMinute, unitsPerOrder);
        return orders.place(idempotencyKey, hash(request), customerId, request.requests(),
                        request.shippingAddress() == null ? null : request.shippingAddress().toDomain(), limits)
                .map(p -> (p.replayed() ? Response.ok().header("Idempotent-Replayed", "true")
                        : Response.created(URI.create("/orders/" + p.order().id())))
                        .entity(OrderDto.View.of(p.order(), null)).build());
    }

    /** The order with its timeline; a customer sees only their own orders (any other id answers 404). */
    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Uni<OrderDto.View> get(@PathParam("id") String id) {
        return orders.find(id, Caller.of(identity)::mayActFor).map(o -> OrderDto.View.of(o.order(), o.timeline()));
    }

    /** A customer's orders: an operator names the customer, a customer gets their own (naming another is refused). */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Uni<OrderDto.Page> ofCustomer(@QueryParam("customerId") @Size(max = 64) String named,
                                         @QueryParam("page") @DefaultValue("0") @Min(0)
                                         @Max(value = 1_000_000, message = "page must be at most 1000000") int page,
                                         @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        String customerId = Caller.of(identity).customerFor(named);
        return orders.ofCustomer(customerId, page, size).chain(list -> orders.countOfCustomer(customerId)
                .map(total -> new OrderDto.Page(list.stream().map(o -> OrderDto.View.of(o, null)).toList(), page, size, total)));
    }

    /** Cancels the order; the JSON body ({@code {"reason": "..."}}) is optional. */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    @Consumes(MediaType.WILDCARD)
    public Uni<OrderDto.View> cancel(@PathParam("id") String id, String body) {
        OrderDto.Cancel request = body == null || body.isBlank() ? null : parse(body, OrderDto.Cancel.class);
        if (request != null) {
            var violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
        }
        String reason = request == null || request.reason() == null ? "cancelled by the customer" : request.reason();
        return orders.cancel(id, reason, Caller.of(identity)::mayActFor).map(o -> OrderDto.View.of(o, null));
    }

    /**
     * The order's status now, then every change as it happens, as Server-Sent Events; the stream
     * ends after a terminal status, or after a while without a change (the client may follow again).
     * An order that is not there (or not the caller's) is answered 404 before the stream starts
     * ({@link VisibleOrder}); a customer holds a few streams at once (429 beyond).
     */
    @GET
    @Path("/{id}/status")
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @VisibleOrder
    public Multi<OrderDto.StatusUpdate> follow(@PathParam("id") String id) {
        Context request = Vertx.currentContext();
        Caller caller = Caller.of(identity);
        Runnable release = caller.isOperator() ? () -> { }
                : streams.open(caller.subject(), streamsPerCustomer)
                        .orElseThrow(() -> new StatusStreams.LimitReachedException(streamsPerCustomer));
        // Subscribe to changes before reading the current status, so that nothing falls in between.
        // Notifications arrive on the listening connection's context; reads run on this request's.
        Multi<OrderDto.StatusUpdate> changes = orders.statusChanges().filter(id::equals)
                .emitOn(task -> request.runOnContext(ignored -> task.run()))
                .onItem().transformToUniAndConcatenate(ignored -> orders.status(id, caller::mayActFor))
                .map(OrderDto.StatusUpdate::of);
        Multi<OrderDto.StatusUpdate> updates = Multi.createBy().concatenating()
                .streams(orders.status(id, caller::mayActFor).map(OrderDto.StatusUpdate::of).toMulti(), changes)
                .ifNoItem().after(streamIdleTimeout).recoverWithCompletion();
        return Multi.createFrom().emitter(emitter -> {
            OrderStatus[] last = {null};
            var subscription = updates.subscribe().with(update -> {
                if (update.status() != last[0]) {
                    last[0] = update.status();
                    emitter.emit(update);
                }
                if (update.terminal()) {
                    emitter.complete();
                }
            }, emitter::fail, emitter::complete);
            emitter.onTermination(() -> {
                subscription.cancel();
                release.run();
            });
        });
    }

    private <T> T parse(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new jakarta.ws.rs.BadRequestException("the body is not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private String hash(OrderDto.PlaceOrder request) {
        try {
            byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }
}
