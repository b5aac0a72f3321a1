package dev.orderflow.inventory.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The stock of the SKUs one unit of work touches (locked for it), and the decisions taken on it:
 * all-or-nothing reservations, releases, expiries, adjustments. Every decision keeps
 * available + reserved of a SKU constant except an adjustment, and never lets either go negative.
 * Records each level change so it can be published.
 */
public final class Stock {

    /** What reserving an order decided. */
    public sealed interface Decision permits Reserved, Refused {
    }

    /** Every line is held by the reservation. */
    public record Reserved(Reservation reservation) implements Decision {
    }

    /** Some line was short: nothing is held. */
    public record Refused(List<Shortage> shortages) implements Decision {
    }

    /** A line that could not be reserved. */
    public record Shortage(String sku, int requested, int available) {
    }

    private final Map<String, StockLevel> levels = new TreeMap<>();
    private final List<StockChange> changes = new ArrayList<>();

    public Stock(Iterable<StockLevel> locked) {
        locked.forEach(level -> levels.put(level.sku(), level));
    }

    public StockLevel level(String sku) {
        return levels.getOrDefault(sku, StockLevel.none(sku));
    }

    /** Reserves every line of the order or none; quantities of repeated SKUs add up. */
    public Decision reserve(String orderId, List<ReservationLine> requested, Instant now, Duration ttl, Supplier<String> ids) {
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("order " + orderId + " has no lines to reserve");
        }
        Map<String, Integer> wanted = new LinkedHashMap<>();
        requested.forEach(line -> wanted.merge(line.sku(), line.quantity(), Integer::sum));
        List<Shortage> shortages = new ArrayList<>();
        wanted.forEach((sku, quantity) -> {
            int available = level(sku).available();
            if (available < quantity) {
                shortages.add(new Shortage(sku, quantity, available));
            }
        });
        if (!shortages.isEmpty()) {
            return new Refused(shortages);
        }
        Reservation reservation = new Reservation(ids.get(), orderId,
                wanted.entrySet().stream().map(e -> new ReservationLine(e.getKey(), e.getValue())).toList(),
                Reservation.Status.HELD, now.plus(ttl));
        for (ReservationLine line : reservation.lines()) {
            change(level(line.sku()).hold(line.quantity()), -line.quantity(), "reservation " + reservation.id());
        }
        return new Reserved(reservation);
    }

    /** Gives a holding reservation's stock back; nothing for one that holds none (already released or expired). */
    public Optional<Reservation> release(Reservation reservation, Reservation.Status outcome) {
        if (outcome != Reservation.Status.RELEASED && outcome != Reservation.Status.EXPIRED) {
            throw new IllegalArgumentException("a release ends as RELEASED or EXPIRED, not " + outcome);
        }
        if (!reservation.status().holdsStock()) {
            return Optional.empty();
        }
        for (ReservationLine line : reservation.lines()) {
            change(level(line.sku()).putBack(line.quantity()), line.quantity(),
                    outcome.name().toLowerCase(java.util.Locale.ROOT) + " reservation " + reservation.id());
        }
        return Optional.of(reservation.with(outcome));
    }

    /** A paid reservation stops expiring; nothing for one that is not HELD. */
    public Optional<Reservation> confirm(Reservation reservation) {
        return reservation.status() == Reservation.Status.HELD
                ? Optional.of(reservation.with(Reservation.Status.CONFIRMED)) : Optional.empty();
    }

    /** Sets the units available for reservation (a count, a delivery, a write-off). */
    public Optional<StockChange> setAvailable(String sku, int available, String cause) {
        if (available < 0) {
            throw new InvalidStockException("available stock cannot be negative, was " + available);
        }
        StockLevel current = level(sku);
        if (current.available() == available) {
            return Optional.empty();
        }
        return Optional.of(change(current.withAvailable(available), available - current.available(), cause));
    }

    /** The level changes so far, in order. */
    public List<StockChange> changes() {
        return List.copyOf(changes);
    }

    private StockChange change(StockLevel next, int delta, String cause) {
        levels.put(next.sku(), next);
        StockChange change = new StockChange(next, delta, cause);
        changes.add(change);
        return change;
    }
}
