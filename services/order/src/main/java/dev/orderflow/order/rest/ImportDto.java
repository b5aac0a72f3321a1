package dev.orderflow.order.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.orderflow.order.domain.Import;
import dev.orderflow.order.domain.ImportLine;
import dev.orderflow.order.domain.Order;
import dev.orderflow.order.domain.OrderStatus;
import dev.orderflow.order.rest.OrderDto.LineRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The import API's bodies, and the orders of an import file as its lines give them. */
public final class ImportDto {

    private ImportDto() {
    }

    /** A new import: the file's name, its format and its SHA-256 (the same file is the same import). */
    public record Open(@NotBlank @Size(max = 200) String name,
                       @NotNull @Pattern(regexp = "jsonl|csv", message = "must be jsonl or csv") String format,
                       @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be the file's SHA-256 in lower-case hex")
                       String sha256) {
    }

    /** One order of an import file: the body of {@code POST /orders} with the customer named, and an optional external id. */
    public record Line(@Size(max = 200) @Pattern(regexp = "\\S(.*\\S)?", message = "must not start or end with a space")
                       String externalId,
                       @NotBlank @Size(max = 64) String customerId,
                       @NotEmpty @Size(max = 100) List<@Valid @NotNull LineRequest> lines,
                       @Valid OrderDto.AddressBody shippingAddress) {

        ImportLine.Requested toDomain(long line) {
            return new ImportLine.Requested(line, externalId, customerId,
                    lines.stream().map(l -> new Order.Request(l.sku(), l.quantity())).toList(),
                    shippingAddress == null ? null : shippingAddress.toDomain());
        }
    }

    /** An import and how far it is. */
    public record View(String id, String name, String format, String sha256, String createdBy, Instant createdAt,
                       Instant updatedAt, Import.Status status, long linesRead, boolean fileComplete, long placed,
                       long refused, long duplicates, Long underWay, Map<OrderStatus, Long> orders, Double linesPerSecond,
                       Long etaSeconds) {

        /** The import's counts alone, while it receives lines: without its orders by status, rate or ETA (nor a status once the file is in). */
        static View of(Import i) {
            return new View(i.id(), i.name(), format(i), i.digest(), i.createdBy(), i.createdAt(), i.updatedAt(),
                    i.readAt() == null ? Import.Status.RECEIVING : null, i.linesRead(), i.readAt() != null,
                    i.placed(), i.refused(), i.duplicates(), null, null, null, null);
        }

        private static String format(Import i) {
            return i.format().name().toLowerCase(java.util.Locale.ROOT);
        }

        static View of(Import.Progress p) {
            Import i = p.of();
            return new View(i.id(), i.name(), format(i), i.digest(), i.createdBy(),
                    i.createdAt(), i.updatedAt(), p.status(), i.linesRead(), i.readAt() != null, i.placed(), i.refused(),
                    i.duplicates(), p.underWay(), p.byStatus(), Math.round(p.linesPerSecond() * 10) / 10.0,
                    p.eta() == null ? null : (Long) p.eta().toSeconds());
        }
    }

}
