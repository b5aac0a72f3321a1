package dev.orderflow.order.rest;

import java.time.Instant;
import java.util.List;

import dev.orderflow.order.domain.Address;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.OrderLine;
import dev.orderflow.order.domain.OrderStatus;
import dev.orderflow.order.domain.TimelineEntry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The order API's request and response bodies. */
public final class OrderDto {

    private OrderDto() {
    }

    public record LineRequest(@NotBlank @Size(max = 64) String sku, @NotNull @Positive @Max(10_000) Integer quantity) {
    }

    public record AddressBody(
            @NotBlank @Size(max = 200) String recipient,
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 200) String postalCode,
            @NotBlank @Size(max = 200) String city,
            @Size(max = 200) String region,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "an ISO 3166-1 alpha-2 code like DE") String country) {

        Address toDomain() {
            return new Address(recipient, line1, line2, postalCode, city, region, country);
        }

        static AddressBody of(Address a) {
            return new AddressBody(a.recipient(), a.line1(), a.line2(), a.postalCode(), a.city(), a.region(), a.country());
        }
    }

    /**
     * A new order: the customer (an operator names one; a customer is the token's subject and may leave it out),
     * the lines, and where to ship (the customer's first address if omitted).
     */
    public record PlaceOrder(@Size(max = 64) String customerId,
                             @NotEmpty @Size(max = 100) List<@Valid @NotNull LineRequest> lines,
                             @Valid AddressBody shippingAddress) {

        List<Order.Request> requests() {
            return lines.stream().map(l -> new Order.Request(l.sku(), l.quantity())).toList();
        }
    }

    public record Cancel(@Size(max = 500) String reason) {
    }

    public record Line(String sku, String name, int quantity, long unitPriceMinor, long totalMinor) {
        static Line of(OrderLine l) {
            return new Line(l.sku(), l.name(), l.quantity(), l.unitPriceMinor(), l.totalMinor());
        }
    }

    public record Customer(String customerId, String name, String email, String tier) {
    }

    public record Fact(Instant at, String event, String source, String detail) {
        static Fact of(TimelineEntry e) {
            return new Fact(e.at(), e.event(), e.source(), e.detail());
        }
    }

    public record View(String id, OrderStatus status, String statusDetail, boolean terminal, Customer customer,
                       AddressBody shippingAddress, List<Line> lines, String currency, long subtotalMinor,
                       long shippingFeeMinor, long totalMinor, Order.Channel channel, Instant placedAt, Instant updatedAt,
                       String paymentId, String shipmentId, String carrier, String trackingNumber, List<Fact> timeline) {

        static View of(Order o, List<TimelineEntry> timeline) {
            return new View(o.id(), o.status(), o.statusDetail(), o.status().isTerminal(),
                    new Customer(o.customer().customerId(), o.customer().name(), o.customer().email(), o.customer().tier().name()),
                    AddressBody.of(o.shippingAddress()), o.lines().stream().map(Line::of).toList(), o.currency(),
                    o.subtotalMinor(), o.shippingFeeMinor(), o.totalMinor(), o.channel(), o.placedAt(), o.updatedAt(),
                    o.paymentId(), o.shipmentId(), o.carrier(), o.trackingNumber(),
                    timeline == null ? null : timeline.stream().map(Fact::of).toList());
        }
    }

    public record Page(List<View> items, int page, int size, long total) {
    }

    /** A status change, as the live stream sends it. */
    public record StatusUpdate(String orderId, OrderStatus status, String detail, boolean terminal, Instant at) {
        static StatusUpdate of(Order o) {
            return new StatusUpdate(o.id(), o.status(), o.statusDetail(), o.status().isTerminal(), o.updatedAt());
        }
    }
}
