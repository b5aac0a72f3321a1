package dev.orderflow.inventory.rest;

import dev.orderflow.inventory.InventoryService;
import dev.orderflow.inventory.domain.InvalidStockException;
import dev.orderflow.inventory.domain.StockLevel;
import dev.orderflow.messaging.http.Problem;
import dev.orderflow.messaging.http.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Stock levels: read one, or set the units available for reservation (publishes the change). */
@Path("/stock")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StockResource {

    public record Level(String sku, int available, int reserved) {
        static Level of(StockLevel level) {
            return new Level(level.sku(), level.available(), level.reserved());
        }
    }

    public record SetAvailable(@NotNull @PositiveOrZero @Max(value = StockLevel.MAX_UNITS,
            message = "at most " + StockLevel.MAX_UNITS + " units") Integer available, @Size(max = 200) String reason) {
    }

    @Inject
    InventoryService inventory;

    @RolesAllowed(Roles.OPERATOR)
    @GET
    @Path("/{sku}")
    public Uni<Level> get(@PathParam("sku") String sku) {
        return inventory.level(sku).map(Level::of);
    }

    @RolesAllowed(Roles.OPERATOR)
    @PUT
    @Path("/{sku}")
    public Uni<Level> set(@PathParam("sku") @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,63}",
            message = "2-64 upper-case letters, digits or dashes") String sku, @NotNull @Valid SetAvailable request) {
        String cause = request.reason() == null || request.reason().isBlank() ? "adjustment" : "adjustment: " + request.reason();
        return inventory.setAvailable(sku, request.available(), cause).map(Level::of);
    }

    @ServerExceptionMapper
    public Response refused(InvalidStockException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
    }
}
