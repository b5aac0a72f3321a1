package dev.orderflow.customer.rest;

import java.net.URI;
import java.util.List;

import dev.orderflow.customer.CustomerService;
import dev.orderflow.customer.domain.Customer;
import dev.orderflow.customer.domain.Tier;
import dev.orderflow.messaging.http.Caller;
import dev.orderflow.messaging.http.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The customer API: profiles, addresses, payment preference and tier. The payment token is never returned. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomerResource {

    @Inject
    CustomerService customers;

    @Inject
    SecurityIdentity identity;

    /**
     * An operator registers anyone (a new id); a person with the customer role registers themselves,
     * once, under their identity's subject, at the standard tier.
     */
    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.CUSTOMER})
    public Uni<Response> register(@NotNull @Valid CustomerDto.Profile profile) {
        Caller caller = Caller.of(identity);
        Uni<Customer> registered;
        if (caller.isOperator()) {
            registered = customers.register(profile.name(), profile.email(), profile.tier(), profile.addressList(),
                    profile.payment().toDomain());
        } else {
            refuseTierChange(profile, Tier.STANDARD);
            registered = customers.register(caller.subject(), profile.name(), profile.email(), Tier.STANDARD,
                    profile.addressList(), profile.payment().toDomain());
        }
        return registered.map(c -> Response.created(URI.create("/customers/" + c.id())).entity(CustomerDto.View.of(c)).build());
    }

    /** Operators see every customer; a customer only their own profile (any other id answers 404). */
    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.CUSTOMER})
    public Uni<CustomerDto.View> get(@PathParam("id") String id) {
        return own(Caller.of(identity), id).map(CustomerDto.View::of);
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    public Uni<List<CustomerDto.View>> list(@QueryParam("page") @DefaultValue("0") @Min(0)
                                            @Max(value = 1_000_000, message = "page must be at most 1000000") int page,
                                            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return customers.list(page, size).map(list -> list.stream().map(CustomerDto.View::of).toList());
    }

    /** Operators change anything; a customer changes their own profile, but not their tier. */
    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.CUSTOMER})
    public Uni<CustomerDto.View> update(@PathParam("id") String id, @NotNull @Valid CustomerDto.Profile profile) {
        Caller caller = Caller.of(identity);
        return own(caller, id).chain(current -> {
            if (!caller.isOperator()) {
                refuseTierChange(profile, current.tier());
            }
            return customers.update(id, profile.name(), profile.email(), profile.tier() == null ? current.tier() : profile.tier(),
                    profile.addressList(), profile.payment().toDomain());
        }).map(CustomerDto.View::of);
    }

    /** Closes the account (an operator, or the customer themselves): it stays (and stays on the stream) as inactive, and can no longer order. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.CUSTOMER})
    public Uni<CustomerDto.View> close(@PathParam("id") String id) {
        return own(Caller.of(identity), id).chain(ignored -> customers.close(id)).map(CustomerDto.View::of);
    }

    /** The customer, if the caller may see it: someone else's profile is not found, so that ids cannot be probed. */
    private Uni<Customer> own(Caller caller, String id) {
        if (!caller.mayActFor(id)) {
            return Uni.createFrom().failure(new CustomerService.CustomerNotFoundException(id));
        }
        return customers.find(id);
    }

    private static void refuseTierChange(CustomerDto.Profile profile, Tier allowed) {
        if (profile.tier() != null && profile.tier() != allowed) {
            throw new Caller.NotAllowedException("only an operator sets a customer's tier (asked " + profile.tier()
                    + ", the customer's is " + allowed + ")");
        }
    }
}
