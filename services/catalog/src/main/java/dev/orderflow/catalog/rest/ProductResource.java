package dev.orderflow.catalog.rest;

import java.net.URI;
import java.util.List;

import dev.orderflow.catalog.CatalogService;
import dev.orderflow.catalog.domain.Money;
import dev.orderflow.messaging.http.Roles;
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

/** The catalog's API: products and their prices. */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    @Inject
    CatalogService catalog;

    @RolesAllowed(Roles.OPERATOR)
    @POST
    public Uni<Response> introduce(@NotNull @Valid ProductDto.NewProduct request) {
        return catalog.introduce(request.sku(), request.name(), request.description(),
                        new Money(request.priceMinor(), request.currency()))
                .map(product -> Response.created(URI.create("/products/" + product.sku()))
                        .entity(ProductDto.View.of(product)).build());
    }

    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR, Roles.FINANCE})
    @GET
    @Path("/{sku}")
    public Uni<ProductDto.View> get(@PathParam("sku") String sku) {
        return catalog.find(sku).map(ProductDto.View::of);
    }

    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR, Roles.FINANCE})
    @GET
    public Uni<List<ProductDto.View>> list(@QueryParam("page") @DefaultValue("0") @Min(0)
                                           @Max(value = 1_000_000, message = "page must be at most 1000000") int page,
                                           @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return catalog.list(page, size).map(products -> products.stream().map(ProductDto.View::of).toList());
    }

    @RolesAllowed(Roles.OPERATOR)
    @PUT
    @Path("/{sku}")
    public Uni<ProductDto.View> revise(@PathParam("sku") String sku, @NotNull @Valid ProductDto.Revision request) {
        return catalog.revise(sku, request.name(), request.description(),
                        new Money(request.priceMinor(), request.currency()), request.active())
                .map(ProductDto.View::of);
    }

    /** Withdraws the product from sale; it stays in the catalog (and its stream) as inactive. */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("/{sku}")
    public Uni<ProductDto.View> withdraw(@PathParam("sku") String sku) {
        return catalog.withdraw(sku).map(ProductDto.View::of);
    }
}
