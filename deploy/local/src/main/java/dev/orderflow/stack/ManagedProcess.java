package dev.orderflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A long-running process of the stack that outlives the launcher: started detached, remembered by a
 * pid file in its component directory, and recognised later only if its command line still names
 * that directory (so a recycled pid is never taken for ours, and never killed).
 */
final class ManagedProcess {

    private final String name;
    private final Path pidFile;
    private final String marker;

    /**
     * @param pidFile where the pid is kept
     * @param marker  a string the process' command line must contain to be ours (a path of its own)
     */
    ManagedProcess(String name, Path pidFile, String marker) {
        this.name = name;
        this.pidFile = pidFile;
        this.marker = marker;
    }

    String name() {
        return name;
    }

    /** The live process this pid file names, if it is still ours. */
    Optional<ProcessHandle> running() {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String content = Files.readString(pidFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            if (content.isEmpty()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(content))
                    .filter(ProcessHandle::isAlive)
                    .filter(this::isOurs);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean isOurs(ProcessHandle handle) {
        String commandLine = commandLine(handle.pid());
        // Right after start the process is not yet the command: the JDK may still be spawning it (its jspawnhelper runs
        // until it execs setsid), and while a process execs (setsid replacing itself with the JVM) the kernel shows an
        // empty command line for a moment. Look again for a while rather than take it for someone else's (a stale pid
        // file naming another process costs these 200 ms).
        for (int look = 0; !commandLine.contains(marker) && look < 10 && handle.isAlive(); look++) {
            Readiness.pause(20);
            commandLine = commandLine(handle.pid());
        }
        return commandLine.contains(marker);
    }

    /** Starts the command detached from the launcher, appending its output to the log. */
    ProcessHandle start(List<String> command, Map<String, String> environment, Path workDir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(detached(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.UTF_8);
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /**
     * Runs the command in a session of its own (setsid execs in place, keeping the pid), so that
     * closing the terminal or Ctrl-C in the shell that ran {@code stack up} does not reach it.
     */
    private static List<String> detached(List<String> command) {
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                List<String> wrapped = new ArrayList<>(command.size() + 1);
                wrapped.add(setsid);
                wrapped.addAll(command);
                return wrapped;
            }
        }
        return command;
    }

    /**
     * Asks the process (and whatever it started) to stop, and kills it if it has not after the grace
     * period; returns whether it ended on its own (true too when it was not running).
     */
    boolean stop(Duration grace) {
        boolean onItsOwn = running().map(handle -> terminate(handle, grace)).orElse(true);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return onItsOwn;
    }

    /** Kills the process with SIGKILL, as a crash would end it (no shutdown hook runs), and waits until it is gone. */
    void kill() {
        running().ifPresent(handle -> terminate(handle, Duration.ZERO));
    }

    /** Ends the process and its descendants; returns whether it exited on SIGTERM within the grace period. */
    static boolean terminate(ProcessHandle handle, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(handle);
        handle.descendants().forEach(tree::add);
        boolean onItsOwn = false;
        if (grace.isZero()) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
            try {
                handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                onItsOwn = true;
            } catch (Exception timeoutOrInterrupt) {
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle process : tree) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + process.pid() + " did not exit", e);
            }
        }
        return onItsOwn;
    }

    /** The process' full command line from /proc (ProcessHandle.Info truncates on some JDKs). */
    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        }
    }

    /**
     * Memory of the process and its descendants in kilobytes: the proportional set size where the
     * kernel reports it (so shared pages of a multi-process server like PostgreSQL count once), else
     * the resident set size.
     */
    static long memoryKb(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(p -> memoryKb(p.pid()))
                .sum();
    }

    private static long memoryKb(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long pss = field(proc.resolve("smaps_rollup"), "Pss:");
        return pss >= 0 ? pss : Math.max(0, field(proc.resolve("status"), "VmRSS:"));
    }

    private static long field(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key))
                    .map(l -> l.substring(key.length()).trim().split("\\s+")[0])
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The last lines of a log, for error messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
