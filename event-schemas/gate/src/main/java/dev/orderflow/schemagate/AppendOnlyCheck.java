package dev.orderflow.schemagate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Published version files are append-only. Git is the witness: every file under the published
 * directory that was ever committed must still exist with exactly the bytes of its first commit
 * (so an edit or a deletion fails, committed or not). Outside a git checkout (a source tarball)
 * the check cannot be made and says so.
 */
public final class AppendOnlyCheck {

    /** @return problems found, one line each; empty when the history is intact */
    public static List<String> run(Path publishedDir) {
        Path dir = publishedDir.toAbsolutePath().normalize();
        // The directory itself may be gone (everything deleted): ask git from the closest existing parent.
        Path existing = dir;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return List.of();
        }
        Git git = new Git(existing);
        Optional<String> unavailable = git.unavailable();
        if (unavailable.isPresent()) {
            System.err.println("schema gate: cannot verify that published versions in " + dir + " were never edited: "
                    + unavailable.get());
            return List.of();
        }
        // Each file as it was when first committed is the published version; it must still be so.
        Path top = Path.of(git.run("rev-parse", "--show-toplevel").get(0));
        Map<String, String> firstCommit = new LinkedHashMap<>();
        String commit = null;
        for (String line : git.run("log", "--no-renames", "--diff-filter=A", "--format=commit %h", "--name-only", "--", dir.toString())) {
            if (line.startsWith("commit ")) {
                commit = line.substring("commit ".length());
            } else if (!line.isBlank()) {
                firstCommit.put(line, commit); // newest first: the last one seen is the first publication
            }
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> published : firstCommit.entrySet()) {
            Path file = top.resolve(published.getKey());
            if (!Files.exists(file)) {
                problems.add("published version file " + published.getKey() + " (published in " + published.getValue()
                        + ") was deleted");
                continue;
            }
            try {
                byte[] original = git.bytes("show", published.getValue() + ":" + published.getKey());
                if (!Arrays.equals(original, Files.readAllBytes(file))) {
                    problems.add("published version file " + published.getKey() + " (published in "
                            + published.getValue() + ") was edited");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return problems;
    }

    private AppendOnlyCheck() {
    }

    /** Runs git in the directory; paths in its output are relative to the repository root. */
    private record Git(Path dir) {
        /** Why git cannot be asked here (no git, or not a checkout), if it cannot. */
        Optional<String> unavailable() {
            try {
                run("rev-parse", "--is-inside-work-tree");
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.of(e.getMessage());
            }
        }

        List<String> run(String... args) {
            return new String(bytes(args), StandardCharsets.UTF_8).lines().toList();
        }

        byte[] bytes(String... args) {
            List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=off"));
            command.addAll(List.of(args));
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
                byte[] out = process.getInputStream().readAllBytes();
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir + ": " + err);
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
