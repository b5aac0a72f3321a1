package dev.orderflow.order.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import dev.orderflow.order.domain.Import;
import dev.orderflow.order.domain.ImportLine;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;

/**
 * Reads a part of an import file into the orders its lines ask for, a chunk at a time, each line on
 * its own: a line that cannot be read is an {@link ImportLine.Refused} with the reason, and the
 * lines after it are read as usual.
 *
 * <p>JSON Lines: one order per line, the body of {@code POST /orders} plus an optional
 * {@code externalId}, and a {@code customerId}. CSV: a header row, then one row per order line
 * ({@code externalId, customerId, sku, quantity}, and the shipping address' columns
 * {@code recipient, line1, line2, postalCode, city, region, country}, all optional but
 * {@code customerId, sku, quantity}); consecutive rows with one external id are one order. Every
 * part of a CSV file starts with the header row; one row is one line (no line breaks inside a value).
 */
final class ImportFile {

    /** Longer lines are refused unread. */
    static final int MAX_LINE = 64 * 1024;

    static final Set<String> CSV_COLUMNS = Set.of("externalId", "customerId", "sku", "quantity", "recipient", "line1",
            "line2", "postalCode", "city", "region", "country");

    private static final Set<String> CSV_REQUIRED = Set.of("customerId", "sku", "quantity");

    /** Orders read from consecutive lines, and the last line of the file they account for. */
    record Chunk(List<ImportLine> lines, long lastLine) {
    }

    private final ObjectReader jsonLine;
    private final ObjectReader csvRow = new CsvMapper().readerFor(String[].class);
    private final Validator validator;

    ImportFile(ObjectMapper json, Validator validator) {
        this.jsonLine = json.readerFor(ImportDto.Line.class);
        this.validator = validator;
    }

    /**
     * The chunks of a part of the file.
     *
     * @param from the lines of the file before the part (for CSV, a part from line 0 has the file's own
     *             header row as line 1; a later part repeats the header, which is not a line of the file)
     * @param size orders per chunk
     */
    Iterator<Chunk> chunks(Import.Format format, String part, long from, int size) {
        // A later CSV part's header row takes the number of the line before the part: its rows go on from there.
        Lines lines = new Lines(part, format == Import.Format.CSV && from > 0 ? from - 1 : from);
        Source source = format == Import.Format.JSONL ? new JsonLines(lines) : new CsvRows(lines);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Chunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<ImportLine> chunk = new ArrayList<>(size);
                while (chunk.size() < size && source.hasNext()) {
                    source.next().ifPresent(chunk::add);
                }
                return new Chunk(chunk, source.accountedFor());
            }
        };
    }

    /** The lines of a part, numbered as lines of the file. */
    private static final class Lines {
        private final String text;
        private int position;
        private long number;

        Lines(String text, long before) {
            this.text = text;
            this.number = before;
        }

        boolean hasNext() {
            return position < text.length();
        }

        /** The next line, without its line break; its number is {@link #number()} afterwards. */
        String next() {
            int end = text.indexOf('\n', position);
            int next = end < 0 ? text.length() : end + 1;
            if (end < 0) {
                end = text.length();
            }
            if (end > position && text.charAt(end - 1) == '\r') {
                end--;
            }
            String line = text.substring(position, end);
            position = next;
            number++;
            return line;
        }

        long number() {
            return number;
        }
    }

    /** What lines ask for, an order (or an unreadable line) at a time; blank lines ask for nothing. */
    private interface Source {
        boolean hasNext();

        Optional<ImportLine> next();

        /** The last line whose order has been given out (or which asked for none). */
        long accountedFor();
    }

    private final class JsonLines implements Source {
        private final Lines lines;

        JsonLines(Lines lines) {
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            return lines.hasNext();
        }

        @Override
        public Optional<ImportLine> next() {
            String text = lines.next();
            long number = lines.number();
            if (text.isBlank()) {
                return Optional.empty();
            }
            if (text.length() > MAX_LINE) {
                return Optional.of(new ImportLine.Refused(number, null, "the line is longer than " + MAX_LINE
                        + " characters"));
            }
            ImportDto.Line line;
            try {
                line = jsonLine.readValue(text);
            } catch (JsonProcessingException e) {
                return Optional.of(new ImportLine.Refused(number, null, "not a JSON order: "
                        + e.getOriginalMessage()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("reading from memory failed", e);
            }
            return Optional.of(validated(number, line));
        }

        @Override
        public long accountedFor() {
            return lines.number();
        }
    }

    private final class CsvRows implements Source {

        /** A row: its cells, or why it could not be read; neither for a blank line. */
        private record Row(long line, String[] cells, String error) {
        }

        private final Lines lines;
        private final Map<String, Integer> columns = new HashMap<>();
        private Row pending;
        private long accounted;

        CsvRows(Lines lines) {
            this.lines = lines;
            if (!lines.hasNext()) {
                throw new BadRequestException("a CSV part starts with the header row; this one is empty");
            }
            Row header = read();
            if (header.cells() == null) {
                throw new BadRequestException("a CSV part starts with the header row; "
                        + (header.error() != null ? header.error() : "this one starts with a blank line"));
            }
            for (int i = 0; i < header.cells().length; i++) {
                String name = header.cells()[i].strip();
                if (!CSV_COLUMNS.contains(name)) {
                    throw new BadRequestException("the CSV header names an unknown column '" + name + "'; the columns are "
                            + CSV_COLUMNS.stream().sorted().collect(Collectors.joining(", ")));
                }
                if (columns.put(name, i) != null) {
                    throw new BadRequestException("the CSV header names column '" + name + "' twice");
                }
            }
            List<String> missing = CSV_REQUIRED.stream().filter(c -> !columns.containsKey(c)).sorted().toList();
            if (!missing.isEmpty()) {
                throw new BadRequestException("the CSV header lacks the column(s) " + String.join(", ", missing));
            }
            accounted = lines.number();
        }

        @Override
        public boolean hasNext() {
            return pending != null || lines.hasNext();
        }

        @Override
        public Optional<ImportLine> next() {
            Row first = pending != null ? pending : read();
            pending = null;
            accounted = first.line();
            if (first.error() != null) {
                return Optional.of(new ImportLine.Refused(first.line(), null, first.error()));
            }
            if (first.cells() == null) {
                return Optional.empty();
            }
            // The order of the first row, with the rows right after it that have its external id.
            String externalId = cell(first, "externalId");
            List<Row> rows = new ArrayList<>(List.of(first));
            while (externalId != null && lines.hasNext()) {
                Row row = read();
                if (row.cells() != null && externalId.equals(cell(row, "externalId"))) {
                    rows.add(row);
                    accounted = row.line();
                } else {
                    pending = row;
                    break;
                }
            }
            return Optional.of(order(externalId, rows));
        }

        @Override
        public long accountedFor() {
            return accounted;
        }

        private ImportLine order(String externalId, List<Row> rows) {
            Row first = rows.get(0);
            String customerId = cell(first, "customerId");
            OrderDto.AddressBody address = address(first);
            List<OrderDto.LineRequest> requests = new ArrayList<>();
            for (Row row : rows) {
                if (!Objects.equals(customerId, cell(row, "customerId")) || !Objects.equals(address, address(row))) {
                    return new ImportLine.Refused(first.line(), externalId, "row " + row.line() + " of order " + externalId
                            + " names another customer or address than its first row");
                }
                String quantity = cell(row, "quantity");
                Integer parsed;
                try {
                    parsed = quantity == null ? null : Integer.valueOf(quantity);
                } catch (NumberFormatException e) {
                    return new ImportLine.Refused(first.line(), externalId, "row " + row.line() + ": quantity '"
                            + quantity + "' is not a whole number");
                }
                requests.add(new OrderDto.LineRequest(cell(row, "sku"), parsed));
            }
            return validated(first.line(), new ImportDto.Line(externalId, customerId, requests, address));
        }

        private OrderDto.AddressBody address(Row row) {
            String recipient = cell(row, "recipient");
            String line1 = cell(row, "line1");
            String postalCode = cell(row, "postalCode");
            String city = cell(row, "city");
            String country = cell(row, "country");
            if (recipient == null && line1 == null && postalCode == null && city == null && country == null) {
                return null;
            }
            return new OrderDto.AddressBody(recipient, line1, cell(row, "line2"), postalCode, city, cell(row, "region"), country);
        }

        private String cell(Row row, String column) {
            Integer index = columns.get(column);
            if (index == null || index >= row.cells().length) {
                return null;
            }
            String value = row.cells()[index].strip();
            return value.isEmpty() ? null : value;
        }

        private Row read() {
            String text = lines.next();
            long number = lines.number();
            if (text.isBlank()) {
                return new Row(number, null, null);
            }
            if (text.length() > MAX_LINE) {
                return new Row(number, null, "the row is longer than " + MAX_LINE + " characters");
            }
            if (text.indexOf('\0') >= 0) {
                return new Row(number, null, "the row has a NUL character (U+0000), which no text may contain");
            }
            try {
                return new Row(number, csvRow.readValue(text), null);
            } catch (JsonProcessingException e) {
                return new Row(number, null, "not a CSV row: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("reading from memory failed", e);
            }
        }
    }

    private ImportLine validated(long number, ImportDto.Line line) {
        Set<ConstraintViolation<ImportDto.Line>> violations = validator.validate(line);
        if (!violations.isEmpty()) {
            return new ImportLine.Refused(number, line.externalId() != null && line.externalId().length() <= 200
                    ? line.externalId() : null, violations.stream()
                    .sorted(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return line.toDomain(number);
    }

    static Import.Format format(String name) {
        try {
            return Import.Format.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("format " + name + " is not one of jsonl, csv");
        }
    }
}
