package dev.orderflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's Markdown documents (README.md and every other *.md it keeps, CATALOG.md included) refer to what
 * exists: every relative link into the repository resolves to a file or directory of it, and every test class they name
 * is there. (A link out of the repository, to what is checked out beside it, is left alone.)
 */
class DocumentationTest {

    private static final Path REPO = ServiceCode.REPO.toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Set<String> SKIPPED = Set.of("target", ".run", "node_modules", ".git");
    private static final Pattern TEST_CLASS = Pattern.compile("(?<![@\\w])([A-Z][A-Za-z0-9]*Test)\\b");

    private static List<Path> documents;
    private static Set<String> testClasses;

    @BeforeAll
    static void readTheRepository() throws IOException {
        List<Path> all = new ArrayList<>();
        // Not into build output, run directories (a running stack's files come and go), dependencies, version control.
        Files.walkFileTree(REPO, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return SKIPPED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                all.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        documents = all.stream().filter(f -> f.toString().endsWith(".md")).toList();
        testClasses = new TreeSet<>();
        all.stream().filter(f -> f.toString().contains("/src/test/java/") && f.toString().endsWith(".java"))
                .forEach(f -> testClasses.add(f.getFileName().toString().replace(".java", "")));
        assertThat(documents).as("Markdown documents under %s", REPO).contains(REPO.resolve("README.md"));
        assertThat(testClasses).as("test classes under %s", REPO).contains("DocumentationTest");
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Mention> broken = mentions(LINK).stream().filter(link -> {
            if (link.text().matches("^[a-z]+:.*") || link.text().startsWith("#")) {
                return false; // a URL or an anchor in the same document
            }
            Path file = link.document().getParent().resolve(link.text().replaceFirst("#.*", "")).normalize();
            // A link out of the repository (README's ../shared/DESIGN.md, beside the checkout) is not there in a fresh clone.
            return file.startsWith(REPO) && !Files.exists(file);
        }).toList();
        assertThat(broken).as("links to nothing").isEmpty();
    }

    @Test
    void everyTestClassNamedExists() throws IOException {
        assertThat(mentions(TEST_CLASS).stream().filter(name -> !testClasses.contains(name.text())).toList())
                .as("test classes named in the documents that do not exist").isEmpty();
    }

    /** What a document says at one place: the first group of a pattern's match. */
    private record Mention(Path document, String text) {
        @Override
        public String toString() {
            return REPO.relativize(document) + ": " + text;
        }
    }

    /** Every match of the pattern in every document, in order. */
    private static List<Mention> mentions(Pattern pattern) throws IOException {
        List<Mention> mentions = new ArrayList<>();
        for (Path document : documents) {
            Matcher match = pattern.matcher(Files.readString(document));
            while (match.find()) {
                mentions.add(new Mention(document, match.group(1)));
            }
        }
        return mentions;
    }
}
