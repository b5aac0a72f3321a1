package dev.orderflow.stack;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;

/**
 * An import file read in parts of about a given size, from any line on, never loaded whole. A part of
 * a CSV file ends where an order ends (the next row has another external id) and, after the first,
 * starts with the file's header row again.
 */
final class ImportParts implements Closeable {

    /**
     * Lines of the file, as sent: after line {@code from} of the file (the line the service has read up
     * to), the lines from {@code firstLine} on, each part of a CSV file led by the header row (which is
     * line 1 of the file: the first part is sent from line 0).
     */
    record Part(long from, long firstLine, String header, List<String> lines) {

        /** The file's last line in the part. */
        long last() {
            return firstLine - 1 + lines.size();
        }

        /** The rest of the part after line {@code read} of the file (the service read up to there). */
        Part after(long read) {
            return new Part(read, read + 1, header, lines.subList((int) (read + 1 - firstLine), lines.size()));
        }

        String body() {
            StringBuilder body = new StringBuilder(header == null ? "" : header + "\n");
            lines.forEach(l -> body.append(l).append('\n'));
            return body.toString();
        }
    }

    private static final ObjectReader CSV_ROW = new CsvMapper().readerFor(String[].class);

    private final BufferedReader reader;
    private final boolean csv;
    private final long partChars;
    private final String header;
    private final int externalIdColumn;
    private final boolean startedAtTheTop;
    private long line;
    private String next;
    private boolean given;

    /**
     * @param csv       whether the file is CSV (else JSON Lines)
     * @param from      the lines of the file already read (by the service)
     * @param partChars about how many characters a part has (at least one order)
     */
    ImportParts(Path file, boolean csv, long from, long partChars) throws IOException {
        this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        this.csv = csv;
        this.partChars = partChars;
        this.startedAtTheTop = from == 0;
        if (csv) {
            String first = reader.readLine();
            if (first == null) {
                throw new IOException(file + " is empty: a CSV file starts with its header row");
            }
            header = first;
            externalIdColumn = List.of(row(first)).indexOf("externalId");
            line = 1;
        } else {
            header = null;
            externalIdColumn = -1;
        }
        while (line < from && reader.readLine() != null) {
            line++;
        }
        if (line < from) {
            throw new IOException(file + " has " + line + " lines, fewer than the " + from + " the import has read: not the same file");
        }
        next = reader.readLine();
    }

    /** A CSV file with no row but its header still has a part: the header, for the service to check. */
    boolean hasNext() {
        return next != null || csv && startedAtTheTop && !given;
    }

    Part next() throws IOException {
        given = true;
        long from = line;
        List<String> lines = new ArrayList<>();
        long chars = 0;
        String group = null;
        while (next != null) {
            String externalId = csv ? externalId(next) : null;
            if (chars >= partChars && (!csv || externalId == null || !externalId.equals(group))) {
                break;
            }
            lines.add(next);
            chars += next.length() + 1;
            group = externalId;
            line++;
            next = reader.readLine();
        }
        return new Part(csv && from == 1 && startedAtTheTop ? 0 : from, from + 1, header, lines);
    }

    /** Lines of the file read so far. */
    long linesRead() {
        return line;
    }

    private String externalId(String row) {
        if (externalIdColumn < 0 || row.isBlank()) {
            return null;
        }
        try {
            String[] cells = row(row);
            return externalIdColumn < cells.length && !cells[externalIdColumn].isBlank() ? cells[externalIdColumn].strip() : null;
        } catch (UncheckedIOException e) {
            return null; // the service refuses the row with its reason
        }
    }

    private static String[] row(String text) {
        try {
            return CSV_ROW.readValue(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    @Override
    public String toString() {
        return Objects.toString(header, "jsonl") + " at line " + line;
    }
}
