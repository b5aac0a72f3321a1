package dev.orderflow.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU time and peak memory of the stack's processes over an interval, read from {@code /proc}.
 * A component's CPU is that of its whole process tree: every live process's user + system time, plus
 * what the processes it has reaped used (PostgreSQL's postmaster reaps its backends), so a backend
 * that exits during the interval is still counted. Memory is the proportional set size of the tree
 * (PostgreSQL's shared buffers count once, not once per backend), sampled while the interval runs.
 */
final class ProcessMeter {

    /** Linux reports CPU times in clock ticks; 100 per second on every mainstream kernel configuration. */
    private static final double TICKS_PER_SECOND = ticksPerSecond();

    private final Map<String, ProcessHandle> roots;
    private final Map<String, Double> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private long startNanos;

    /** What one component used over the interval. */
    record Usage(String component, double cpuSeconds, long peakMemoryKb) {
    }

    ProcessMeter(Map<String, ProcessHandle> roots) {
        this.roots = new LinkedHashMap<>(roots);
    }

    /** Begins the interval. */
    void start() {
        startNanos = System.nanoTime();
        roots.forEach((name, root) -> cpuAtStart.put(name, treeCpuSeconds(root)));
        sample();
    }

    /** Records the current memory of every component; call it every second or so while the interval runs. */
    void sample() {
        roots.forEach((name, root) -> peakKb.merge(name, ManagedProcess.memoryKb(root), Math::max));
    }

    /** Ends the interval: what each component used since {@link #start()}. */
    Map<String, Usage> stop() {
        sample();
        Map<String, Usage> usage = new LinkedHashMap<>();
        roots.forEach((name, root) -> usage.put(name, new Usage(name,
                Math.max(0, treeCpuSeconds(root) - cpuAtStart.getOrDefault(name, 0.0)), peakKb.getOrDefault(name, 0L))));
        return usage;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** CPU seconds of a process and all its descendants, including the children they reaped. */
    static double treeCpuSeconds(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(p -> ticks(p.pid()))
                .sum() / TICKS_PER_SECOND;
    }

    /** This JVM's own CPU seconds. */
    static double ownCpuSeconds() {
        return ticks(ProcessHandle.current().pid()) / TICKS_PER_SECOND;
    }

    private static long ticks(long pid) {
        Optional<String> stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat.isEmpty()) {
            return 0; // gone meanwhile: its time is in its parent's reaped-children fields
        }
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        String[] fields = stat.get().substring(stat.get().lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Double.parseDouble(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
