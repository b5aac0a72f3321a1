package dev.orderflow.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cutting import files into parts: from any line, about a size each, a CSV part ending where an order ends. */
class ImportPartsTest {

    @TempDir
    Path dir;

    private List<ImportParts.Part> parts(Path file, boolean csv, long from, long size) throws IOException {
        List<ImportParts.Part> parts = new ArrayList<>();
        try (ImportParts reader = new ImportParts(file, csv, from, size)) {
            while (reader.hasNext()) {
                parts.add(reader.next());
            }
        }
        return parts;
    }

    @Test
    void jsonLinesComeInPartsOfAboutTheSizeFromTheLineTheServiceIsAt() throws IOException {
        Path file = Files.writeString(dir.resolve("o.jsonl"), "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\n{\"a\":5}\n");

        List<ImportParts.Part> all = parts(file, false, 0, 16);
        assertThat(all).extracting(ImportParts.Part::from).containsExactly(0L, 2L, 4L);
        assertThat(all).extracting(ImportParts.Part::last).containsExactly(2L, 4L, 5L);
        assertThat(all.get(0).body()).isEqualTo("{\"a\":1}\n{\"a\":2}\n");

        List<ImportParts.Part> resumed = parts(file, false, 3, 1_000);
        assertThat(resumed).singleElement().satisfies(p -> {
            assertThat(p.from()).isEqualTo(3);
            assertThat(p.body()).isEqualTo("{\"a\":4}\n{\"a\":5}\n");
        });
        // The service read part of a part: the rest goes from there.
        ImportParts.Part rest = all.get(0).after(1);
        assertThat(rest.from()).isEqualTo(1);
        assertThat(rest.body()).isEqualTo("{\"a\":2}\n");
        assertThat(rest.last()).isEqualTo(2);
    }

    @Test
    void csvPartsEndWhereAnOrderEndsAndEachStartsWithTheHeader() throws IOException {
        Path file = Files.writeString(dir.resolve("o.csv"), """
                externalId,customerId,sku,quantity
                A,c,MUG,1
                A,c,TEE,1
                A,c,CAP,1
                B,c,MUG,1
                ,c,MUG,1
                """);

        List<ImportParts.Part> all = parts(file, true, 0, 1);
        // The first part is sent from line 0 (the header is line 1); the three rows of A stay together.
        assertThat(all).extracting(ImportParts.Part::from).containsExactly(0L, 4L, 5L);
        assertThat(all).extracting(ImportParts.Part::last).containsExactly(4L, 5L, 6L);
        assertThat(all.get(0).body()).isEqualTo("externalId,customerId,sku,quantity\nA,c,MUG,1\nA,c,TEE,1\nA,c,CAP,1\n");
        assertThat(all.get(1).body()).isEqualTo("externalId,customerId,sku,quantity\nB,c,MUG,1\n");
        assertThat(all.get(0).after(4).lines()).isEmpty();

        List<ImportParts.Part> resumed = parts(file, true, 5, 1_000);
        assertThat(resumed).singleElement().satisfies(p -> {
            assertThat(p.from()).isEqualTo(5);
            assertThat(p.body()).isEqualTo("externalId,customerId,sku,quantity\n,c,MUG,1\n");
        });
    }

    @Test
    void aFileShorterThanWhatTheImportReadIsNotTheSameFile() throws IOException {
        Path file = Files.writeString(dir.resolve("o.jsonl"), "{}\n{}\n");
        assertThatThrownBy(() -> parts(file, false, 5, 10)).isInstanceOf(IOException.class).hasMessageContaining("not the same file");
    }

    @Test
    void theScanCountsLinesWithOrWithoutAFinalLineBreak() throws IOException {
        assertThat(Importer.scan(Files.writeString(dir.resolve("a"), "x\ny\n")).lines()).isEqualTo(2);
        assertThat(Importer.scan(Files.writeString(dir.resolve("b"), "x\ny")).lines()).isEqualTo(2);
        assertThat(Importer.scan(Files.writeString(dir.resolve("c"), "")).sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
