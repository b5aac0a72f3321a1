package dev.orderflow.customer.rest;

import java.net.URI;
import java.util.List;

import dev.orderflow.customer.CustomerService;
import io.smallrye.mutiny.Uni;
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

    @POST
    public Uni<Response> register(@NotNull @Valid CustomerDto.Profile profile) {
        return customers.register(profile.name(), profile.email(), profile.tier(), profile.addressList(),
                        profile.payment().toDomain())
                .map(c -> Response.created(URI.create("/customers/" + c.id())).entity(CustomerDto.View.of(c)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<CustomerDto.View> get(@PathParam("id") String id) {
        return customers.find(id).map(CustomerDto.View::of);
    }

    @GET
    public Uni<List<CustomerDto.View>> list(@QueryParam("page") @DefaultValue("0") @Min(0)
                                            @Max(value = 1_000_000, message = "page must be at most 1000000") int page,
                                            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return customers.list(page, size).map(list -> list.stream().map(CustomerDto.View::of).toList());
    }

    @PUT
    @Path("/{id}")
    public Uni<CustomerDto.View> update(@PathParam("id") String id, @NotNull @Valid CustomerDto.Profile profile) {
        return customers.update(id, profile.name(), profile.email(), profile.tier(), profile.addressList(),
                profile.payment().toDomain()).map(CustomerDto.View::of);
    }

    /** Closes the account: it stays (and stays on the stream) as inactive, and can no longer order. */
    @DELETE
    @Path("/{id}")
    public Uni<CustomerDto.View> close(@PathParam("id") String id) {
        return customers.close(id).map(CustomerDto.View::of);
    }
}
