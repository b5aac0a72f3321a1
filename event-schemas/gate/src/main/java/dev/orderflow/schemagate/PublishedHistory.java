package dev.orderflow.schemagate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The published schema versions, append-only, one file per version:
 * {@code published/<group>/<artifact>/<n>.avsc} with n = 1, 2, 3, ... and no gaps.
 */
public final class PublishedHistory {

    private static final Pattern VERSION_FILE = Pattern.compile("([1-9][0-9]*)\\.avsc");

    private final Path root;

    public PublishedHistory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Every subject's versions, oldest first. */
    public Map<Subject, List<String>> read() {
        Map<Subject, List<String>> history = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return history;
        }
        try (Stream<Path> groups = Files.list(root)) {
            for (Path group : groups.filter(Files::isDirectory).toList()) {
                try (Stream<Path> artifacts = Files.list(group)) {
                    for (Path artifact : artifacts.filter(Files::isDirectory).toList()) {
                        Subject subject = new Subject(group.getFileName().toString(), artifact.getFileName().toString());
                        history.put(subject, versions(subject, artifact));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return history;
    }

    private static List<String> versions(Subject subject, Path dir) throws IOException {
        Map<Integer, Path> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.toList()) {
                Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    throw new IllegalStateException("unexpected file in the published history: " + file
                            + " (only <n>.avsc version files belong there)");
                }
                files.put(Integer.parseInt(m.group(1)), file);
            }
        }
        List<String> contents = new ArrayList<>();
        int expected = 1;
        for (Map.Entry<Integer, Path> entry : files.entrySet()) {
            if (entry.getKey() != expected) {
                throw new IllegalStateException("published history of " + subject + " misses version " + expected
                        + " (versions are never deleted)");
            }
            contents.add(Files.readString(entry.getValue(), StandardCharsets.UTF_8));
            expected++;
        }
        return contents;
    }

    /** Appends the next version of the subject and returns its file. */
    public Path append(Subject subject, String schemaJson) {
        Path dir = root.resolve(subject.group()).resolve(subject.artifact());
        try {
            Files.createDirectories(dir);
            int next = read().getOrDefault(subject, List.of()).size() + 1;
            Path file = dir.resolve(next + ".avsc");
            Files.writeString(file, schemaJson.endsWith("\n") ? schemaJson : schemaJson + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
