package dev.orderflow.messaging;

import org.apache.avro.SystemLimitException;

/**
 * Bounds on what Avro decoding may allocate, set before anything is decoded. Avro trusts the lengths
 * a record claims: without bounds, a 30-byte record that says its array has 2×10⁹ items makes the
 * decoder allocate an array of that size first (an {@link OutOfMemoryError} that takes the consumer
 * down), and a string or bytes field may claim 2 GiB. No part of a record can be larger than the
 * record, so each bound defaults to the broker's default record size, 1 MiB; the standard Avro system
 * properties ({@value SystemLimitException#MAX_COLLECTION_LENGTH_PROPERTY}, ...) override it. A record
 * over a bound fails to decode with a {@link SystemLimitException}, and is dead-lettered like any
 * undecodable record.
 */
public final class AvroLimits {

    /** The default bound for strings, bytes and the items of one array or map. */
    public static final int DEFAULT_MAX = 1 << 20;

    private static volatile boolean applied;

    private AvroLimits() {
    }

    /**
     * Applies the bounds; idempotent. Avro reads its properties once, when {@link SystemLimitException}
     * is first loaded, so this runs before any decoder (the inbox's deserializer and the outbox's
     * reader call it) and checks that it was in time.
     *
     * @throws IllegalStateException if Avro had already fixed larger bounds
     */
    public static void apply() {
        if (applied) {
            return;
        }
        synchronized (AvroLimits.class) {
            for (String property : new String[] {SystemLimitException.MAX_BYTES_LENGTH_PROPERTY,
                    SystemLimitException.MAX_STRING_LENGTH_PROPERTY, SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY}) {
                if (System.getProperty(property) == null) {
                    System.setProperty(property, Integer.toString(DEFAULT_MAX));
                }
            }
            long collections = Long.parseLong(System.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY));
            try {
                SystemLimitException.checkMaxCollectionLength(collections + 1);
            } catch (SystemLimitException expected) {
                applied = true;
                return;
            }
            throw new IllegalStateException("Avro's decoding limits were fixed before orderflow could set them;"
                    + " start the JVM with -D" + SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY + "=" + collections
                    + " (and the bytes and string limits)");
        }
    }
}
