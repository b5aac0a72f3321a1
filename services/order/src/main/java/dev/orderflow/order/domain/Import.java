package dev.orderflow.order.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An import of orders from a file. The file stays with the importer and comes in parts, each from
 * the line the import has read up to ({@link #linesRead}): a part from any other line is refused, so
 * that after a crash, a lost answer or a second importer of the same file no line is placed twice and
 * none is skipped. The file is in when the importer says it has sent its last line ({@link #readAt}); the
 * import is done when, after that, none of its orders is under way any more ({@link #completedAt}).
 */
public record Import(String id, String digest, String name, Format format, String createdBy, Instant createdAt,
                     Instant updatedAt, long linesRead, long placed, long refused, long duplicates, Instant readAt,
                     Instant completedAt) {

    public enum Format { JSONL, CSV }

    /**
     * Where the import is: receiving lines, working off the orders it placed, or done (every placed order
     * ended, and ImportCompleted told so).
     */
    public enum Status { RECEIVING, PROCESSING, COMPLETED }

    /** A part was sent from another line than the import has read up to. */
    public static class OutOfPlaceException extends RuntimeException {
        private final long expected;

        public OutOfPlaceException(String id, long from, long expected) {
            super("import " + id + " has read " + expected + " line(s) of its file; send the lines after line " + expected
                    + ", not after line " + from);
            this.expected = expected;
        }

        public long expected() {
            return expected;
        }
    }

    /** Lines were sent after the importer said the file was in. */
    public static class AlreadyReadException extends RuntimeException {
        public AlreadyReadException(String id, long lines) {
            super("import " + id + " has all " + lines + " line(s) of its file; nothing more can be added");
        }
    }

    public static Import open(String id, String digest, String name, Format format, String createdBy, Instant now) {
        return new Import(id, digest, name, format, createdBy, now, now, 0, 0, 0, 0, null, null);
    }

    /** Checks that lines after {@code from} are the ones this import reads next. */
    public void expectLinesAfter(long from) {
        if (readAt != null) {
            throw new AlreadyReadException(id, linesRead);
        }
        if (from != linesRead) {
            throw new OutOfPlaceException(id, from, linesRead);
        }
    }

    /** The import after a chunk of lines up to {@code lastLine}, with what they placed or did not. */
    public Import read(long lastLine, long newlyPlaced, long newlyRefused, long newDuplicates, Instant now) {
        if (lastLine < linesRead) {
            throw new IllegalArgumentException("import " + id + " cannot go back from line " + linesRead + " to " + lastLine);
        }
        return new Import(id, digest, name, format, createdBy, createdAt, now, lastLine, placed + newlyPlaced,
                refused + newlyRefused, duplicates + newDuplicates, readAt, null);
    }

    /** The import with its whole file in: {@code lines} must be what it has read (nothing lost on the way). */
    public Import end(long lines, Instant now) {
        if (readAt != null && lines == linesRead) {
            return this;
        }
        expectLinesAfter(lines);
        return new Import(id, digest, name, format, createdBy, createdAt, now, linesRead, placed, refused, duplicates, now, null);
    }

    /**
     * The import done, if it is: its file in and none of its orders under way.
     *
     * @param byStatus the import's orders by status now
     */
    public Optional<Import> complete(Map<OrderStatus, Long> byStatus, Instant now) {
        if (completedAt != null || readAt == null || underWay(byStatus) > 0) {
            return Optional.empty();
        }
        return Optional.of(new Import(id, digest, name, format, createdBy, createdAt, now, linesRead, placed, refused,
                duplicates, readAt, now));
    }

    private static long underWay(Map<OrderStatus, Long> byStatus) {
        return byStatus.entrySet().stream().filter(e -> !e.getKey().isTerminal()).mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * How far the import is, given how many of its placed orders are in each status now.
     *
     * @param byStatus the import's orders by status (statuses without orders may be left out)
     */
    public Progress progress(Map<OrderStatus, Long> byStatus, Instant now) {
        long underWay = underWay(byStatus);
        long ended = byStatus.entrySet().stream().filter(e -> e.getKey().isTerminal()).mapToLong(Map.Entry::getValue).sum();
        Status status = readAt == null ? Status.RECEIVING : completedAt == null ? Status.PROCESSING : Status.COMPLETED;
        double readSeconds = seconds(createdAt, readAt != null ? readAt : now);
        double linesPerSecond = readSeconds > 0 ? linesRead / readSeconds : 0;
        double endedPerSecond = ended / Math.max(seconds(createdAt, now), 0.001);
        Duration eta = status == Status.COMPLETED ? Duration.ZERO
                : status == Status.PROCESSING && endedPerSecond > 0 ? Duration.ofMillis((long) (underWay / endedPerSecond * 1000))
                : null;
        return new Progress(this, status, underWay, byStatus, linesPerSecond, eta);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    /**
     * @param linesPerSecond how fast its lines were read (while receiving: so far)
     * @param eta            until every placed order has ended, at the rate they have ended so far (unknown while receiving)
     */
    public record Progress(Import of, Status status, long underWay, Map<OrderStatus, Long> byStatus, double linesPerSecond,
                           Duration eta) {
    }
}
