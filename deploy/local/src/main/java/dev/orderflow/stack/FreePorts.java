package dev.orderflow.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Free ports for a stack that runs beside another one (tests), taken below the range the kernel
 * hands out for outgoing connections: a port from that range, free when chosen, may be taken as
 * the local end of some connection (a Kafka client's, a database pool's) in the seconds before the
 * component that should listen on it has started — and then that component cannot bind.
 */
final class FreePorts {

    private static final int LOWEST = 10_000;

    private FreePorts() {
    }

    /**
     * Ports handed out by this process: a stack's components and its services are given their
     * blocks before any of them listens, so a block must not be handed out twice.
     */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** The first of {@code count} consecutive ports that are free now and not handed out before. */
    static synchronized int block(int count) {
        int highest = ephemeralLow() - count - 1;
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, highest);
            if (IntStream.range(first, first + count).noneMatch(HANDED_OUT::contains)
                    && IntStream.range(first, first + count).allMatch(FreePorts::isFree)) {
                IntStream.range(first, first + count).forEach(HANDED_OUT::add);
                return first;
            }
        }
        throw new IllegalStateException("no block of " + count + " free ports found below " + highest);
    }

    /** The lowest port of the kernel's range for outgoing connections (Linux; 32768 where it cannot be read). */
    static int ephemeralLow() {
        try {
            // (Files.readString trusts the size a /proc file reports, and gets its first character only.)
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return Math.max(LOWEST + 1_000, low);
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
