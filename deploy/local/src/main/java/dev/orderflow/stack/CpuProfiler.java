package dev.orderflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * CPU profiles of the stack's JVMs over the benchmark's measured interval, with async-profiler
 * (Maven Central's {@code tools.profiler:async-profiler}, on the launcher's class path) loaded into
 * each running JVM through {@code jcmd JVMTI.agent_load}: nothing to install and no restart. Per JVM it
 * writes a flame graph ({@code <name>.html}) and the collapsed stacks ({@code <name>.collapsed}, one
 * line per stack with the thread as its first frame), and sums them up: the share of each kind of
 * thread (event loops, Kafka clients, JIT compiler, GC, ...) and the methods that use the most CPU
 * themselves.
 */
final class CpuProfiler {

    private static final String LIBRARY = "/linux-x64/libasyncProfiler.so";
    /** Samples every 5 ms of CPU: about 200 per busy core per second, enough for a profile and no burden. */
    private static final String START = "start,event=cpu,interval=5ms,threads";
    private static final Pattern THREAD_NUMBER = Pattern.compile("[-# ]?\\d+$|\\s+tid=\\d+");

    /** What one JVM spent its CPU on. */
    record Summary(String component, long samples, Map<String, Double> threadShares, Map<String, Double> hottestMethods) {
    }

    private final Path dir;
    private final Map<String, ProcessHandle> profiled = new LinkedHashMap<>();
    private Path library;

    CpuProfiler(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Starts profiling every JVM among these processes; says which it could not (not a JVM, not ours to attach to). */
    List<String> start(Map<String, ProcessHandle> processes) {
        List<String> skipped = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            library = extractLibrary();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        processes.forEach((name, process) -> {
            if (isJvm(process) && agent(process, START)) {
                profiled.put(name, process);
            } else {
                skipped.add(name);
            }
        });
        return skipped;
    }

    /** Stops every profile and writes its files; the summaries, busiest JVM first. */
    List<Summary> stop() {
        List<Summary> summaries = new ArrayList<>();
        profiled.forEach((name, process) -> {
            Path collapsed = dir.resolve(name + ".collapsed");
            // dump keeps the samples for the flame graph that stop writes
            if (agent(process, "dump,collapsed,file=" + collapsed) && agent(process, "stop,file=" + dir.resolve(name + ".html"))) {
                summaries.add(summarize(name, collapsed));
            } else {
                System.err.printf("profiler: no profile of %s (its log says why)%n", name);
            }
        });
        summaries.sort(Comparator.comparingLong(Summary::samples).reversed());
        return summaries;
    }

    /** Sums up collapsed stacks (the first frame the thread's name, the last the method running). */
    static Summary summarize(String component, Path collapsed) {
        Map<String, Long> threads = new LinkedHashMap<>();
        Map<String, Long> methods = new LinkedHashMap<>();
        long total = 0;
        try {
            for (String line : Files.readAllLines(collapsed, StandardCharsets.UTF_8)) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                long n = Long.parseLong(line.substring(space + 1).trim());
                String[] frames = line.substring(0, space).split(";");
                total += n;
                threads.merge(threadKind(frames[0]), n, Long::sum);
                methods.merge(frames[frames.length - 1], n, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(component, total, shares(threads, total, 8), shares(methods, total, 12));
    }

    /** "[vert.x-eventloop-thread-1 tid=123]" → "vert.x-eventloop-thread", "[C2 CompilerThread0 tid=9]" → "C2 CompilerThread". */
    static String threadKind(String frame) {
        String name = frame.startsWith("[") && frame.endsWith("]") ? frame.substring(1, frame.length() - 1) : frame;
        String previous;
        do {
            previous = name;
            name = THREAD_NUMBER.matcher(name).replaceAll("");
        } while (!name.equals(previous));
        return name.isBlank() ? frame : name;
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long total, int top) {
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> shares.put(e.getKey(), Math.round(1000.0 * e.getValue() / Math.max(1, total)) / 10.0));
        return shares;
    }

    private Path extractLibrary() throws IOException {
        try (InputStream in = CpuProfiler.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException("async-profiler is not on the launcher's class path (" + LIBRARY + ")");
            }
            // One copy beside every run's profiles: a JVM profiled before has this library loaded, and a
            // second copy at another path would load a second profiler into it. Written elsewhere and
            // moved into place, so that a loaded one is never overwritten.
            byte[] bytes = in.readAllBytes();
            Path target = dir.getParent().resolve("libasyncProfiler.so");
            if (!Files.exists(target) || Files.size(target) != bytes.length) {
                Path fresh = Files.createTempFile(dir.getParent(), "libasyncProfiler", ".so");
                Files.write(fresh, bytes);
                Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        }
    }

    private static boolean isJvm(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** Gives the agent in that JVM a command; loading it again is how async-profiler takes commands. */
    private boolean agent(ProcessHandle process, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            // Quoted: jcmd would take "start,event=cpu" for an argument named "start,event". The agent's own
            // messages go to the JVM's output; jcmd tells only its return code.
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "JVMTI.agent_load", library.toString(),
                    '"' + command + '"').redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !output.contains("return code: 0")) {
                System.err.printf("profiler: %s in process %d: %s%n", command, process.pid(), output.strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
