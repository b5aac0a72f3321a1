package dev.orderflow.order.domain;

import java.util.List;
import java.util.Optional;

/**
 * What one customer may place by themselves (an operator placing for a customer is not limited):
 * how many of their orders may be under way at once, how many they may place in a minute, and how
 * many units one order may ask for. Against stock hoarding (every unit of a product held by open
 * orders of one customer) and floods of orders from one account.
 *
 * @param inFlight      orders not yet final (placed, reserved, paid) at most, the new one included
 * @param perMinute     orders placed in the last minute at most, the new one included
 * @param unitsPerOrder units over all lines of one order at most
 */
public record PlacementLimits(int inFlight, int perMinute, int unitsPerOrder) {

    /** No limit: what an operator places. */
    public static final PlacementLimits NONE = new PlacementLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** What the customer has under way: their orders not final yet, and those placed in the last minute. */
    public record Activity(long inFlight, long lastMinute) {
    }

    public PlacementLimits {
        if (inFlight < 1 || perMinute < 1 || unitsPerOrder < 1) {
            throw new IllegalArgumentException("placement limits must be at least 1: " + inFlight + ", " + perMinute + ", "
                    + unitsPerOrder);
        }
    }

    public boolean limits() {
        return !equals(NONE);
    }

    /** Why an order of these lines must wait, if it must: the first limit it would pass. */
    public Optional<String> refusal(List<Order.Request> lines, Activity activity) {
        if (!limits()) {
            return Optional.empty();
        }
        long units = lines.stream().mapToLong(Order.Request::quantity).sum();
        if (units > unitsPerOrder) {
            return Optional.of("an order asks for at most " + unitsPerOrder + " units, this one for " + units);
        }
        if (activity.inFlight() >= inFlight) {
            return Optional.of("at most " + inFlight + " orders may be under way at once; " + activity.inFlight()
                    + " are (wait until one is confirmed, rejected or cancelled)");
        }
        if (activity.lastMinute() >= perMinute) {
            return Optional.of("at most " + perMinute + " orders may be placed in a minute; " + activity.lastMinute()
                    + " were in the last one");
        }
        return Optional.empty();
    }
}
