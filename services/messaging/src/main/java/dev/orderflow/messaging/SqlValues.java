package dev.orderflow.messaging;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Reading the values of native query rows, whose Java types depend on the driver and the column. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A timestamptz (or timestamp, taken as UTC) cell as an instant; null stays null. */
    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case java.sql.Timestamp t -> t.toInstant();
            case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            default -> throw new IllegalStateException("not a timestamp: " + value + " (" + value.getClass() + ")");
        };
    }
}
