package dev.orderflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code deploy/local/import FILE [--format jsonl|csv] [--wait] [--errors FILE]}: imports a file of
 * orders into the running system through {@code /imports}, in parts, as the operator. Resumable: the
 * import is the file's (its SHA-256), so running the command again — after this process, the order
 * service or the connection died — goes on from the line the service has read up to, and places
 * nothing twice. Exit codes: 0 the file is in (and with --wait every order ended), 1 failed, 2 wrong usage.
 */
public final class Importer {

    private static final String USAGE = """
            usage: deploy/local/import FILE [--format jsonl|csv] [--wait] [--errors FILE] [--part-size BYTES] [--url URL]
              FILE         JSON Lines (one order per line: the body of POST /orders with customerId, and an optional
                           externalId) or CSV (a header row, then one row per order line: externalId, customerId, sku,
                           quantity and optionally recipient, line1, line2, postalCode, city, region, country)
              --format     jsonl or csv (default: from the file's name; .csv is CSV, anything else JSON Lines)
              --wait       after the file is in, follow the orders until every one has ended
              --errors     write the lines the import refused (line, externalId, reason) to this CSV file
              --part-size  about how many bytes each request carries (default 1 MiB; the service takes up to 10 MiB)
              --url        the API (default: the running stack's API_URL from its stack.env)
            Running the same command again resumes the import where the service stopped reading it.
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the importer keeps trying while the service does not answer (a restart, a redeploy). */
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final String api;
    private final Supplier<String> token;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An importer into the API at {@code api} (the gateway or the order service), with the operator's tokens from a source. */
    public Importer(String api, Supplier<String> token, PrintStream out) {
        this.api = api;
        this.token = token;
        this.out = out;
    }

    static int run(String[] args, Path runDir) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        Path file = null;
        String format = null;
        String url = null;
        Path errors = null;
        boolean wait = false;
        long partSize = 1L << 20;
        try {
            while (!rest.isEmpty()) {
                String arg = rest.pop();
                switch (arg) {
                    case "--format" -> format = value(rest, arg);
                    case "--url" -> url = value(rest, arg);
                    case "--errors" -> errors = Path.of(value(rest, arg));
                    case "--part-size" -> partSize = Long.parseLong(value(rest, arg));
                    case "--wait" -> wait = true;
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return 0;
                    }
                    default -> {
                        if (arg.startsWith("--") || file != null) {
                            throw new IllegalArgumentException("unexpected argument: " + arg);
                        }
                        file = Path.of(arg);
                    }
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("which file?");
            }
            if (format == null) {
                format = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "jsonl";
            }
            if (!format.equals("jsonl") && !format.equals("csv")) {
                throw new IllegalArgumentException("--format is jsonl or csv, not " + format);
            }
            if (partSize < 1) {
                throw new IllegalArgumentException("--part-size must be positive");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        try {
            Properties stack = stackAddresses(runDir);
            String apiUrl = url != null ? url : stack.getProperty("API_URL");
            if (apiUrl == null) {
                throw new IllegalStateException("the stack in " + runDir + " runs no services; start the system: deploy/local/stack run");
            }
            Importer importer = new Importer(apiUrl, Tokens.tools(stack.getProperty("OIDC_URL")), System.out);
            JsonNode done = importer.importFile(file, format, partSize, wait);
            if (errors != null) {
                importer.writeErrors(done.path("id").asText(), errors);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static String value(Deque<String> rest, String option) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.pop();
    }

    private static Properties stackAddresses(Path runDir) throws IOException {
        Path env = runDir.resolve(LocalStack.ADDRESSES_FILE);
        if (!Files.isRegularFile(env)) {
            throw new IllegalStateException("no stack addresses at " + env + "; start the system first: deploy/local/stack run");
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(env)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Imports the file (or goes on with its import), and returns the import as the service last showed it. */
    public JsonNode importFile(Path file, String format, long partSize, boolean wait) throws IOException {
        Scan scan = scan(file);
        boolean csv = format.equals("csv");
        out.printf(Locale.ROOT, "importing %s (%s, %,d lines, sha256 %s...)%n", file, format, scan.lines(), scan.sha256().substring(0, 12));
        JsonNode view = call("POST", "/imports", "application/json",
                JSON.writeValueAsString(Map.of("name", file.getFileName().toString(), "format", format, "sha256", scan.sha256())));
        String id = view.path("id").asText();
        Instant started = Instant.now();
        long before = view.path("linesRead").asLong();
        if (before > 0 && !view.path("fileComplete").asBoolean()) {
            out.printf(Locale.ROOT, "import %s had read %,d lines: going on from there%n", id, before);
        }
        while (!view.path("fileComplete").asBoolean()) {
            long cursor = view.path("linesRead").asLong();
            try (ImportParts parts = new ImportParts(file, csv, cursor, partSize)) {
                while (parts.hasNext()) {
                    ImportParts.Part part = parts.next();
                    view = send(id, part, scan.lines(), started, before);
                }
                view = call("POST", "/imports/" + id + "/end?lines=" + parts.linesRead(), "application/json", "");
            } catch (OutOfPlace e) {
                view = e.view; // someone else moved the import on (or an answer was lost): go on from where it is
            }
        }
        progress(view, scan.lines(), started, before);
        out.println();
        while (wait && !view.path("status").asText().equals("COMPLETED")) {
            sleep(Duration.ofSeconds(2));
            view = call("GET", "/imports/" + id, null, null);
            out.printf(Locale.ROOT, "\r%-100s", String.format(Locale.ROOT, "%,d orders under way: %s", view.path("underWay").asLong(),
                    statuses(view)));
        }
        if (wait) {
            out.println();
        }
        summary(view);
        return view;
    }

    /** Sends a part, and what is left of it while the service stops early for want of room in the pipeline. */
    private JsonNode send(String id, ImportParts.Part part, long total, Instant started, long before) {
        ImportParts.Part left = part;
        while (true) {
            JsonNode view = call("POST", "/imports/" + id + "/lines?from=" + left.from(), "application/x-ndjson", left.body());
            progress(view, total, started, before);
            long read = view.path("linesRead").asLong();
            if (read >= part.last()) {
                return view;
            }
            left = part.after(read);
            sleep(Duration.ofSeconds(1));
        }
    }

    private void progress(JsonNode view, long total, Instant started, long before) {
        long read = view.path("linesRead").asLong();
        double seconds = Math.max(Duration.between(started, Instant.now()).toMillis() / 1000.0, 0.001);
        int width = 30;
        int done = total == 0 ? width : (int) Math.min(width, read * width / total);
        out.printf(Locale.ROOT, "\r[%s%s] %3d%% %,d/%,d lines  %,.0f lines/s  placed %,d  refused %,d  imported before %,d",
                "#".repeat(done), ".".repeat(width - done), total == 0 ? 100 : read * 100 / total, read, total,
                (read - before) / seconds, view.path("placed").asLong(), view.path("refused").asLong(),
                view.path("duplicates").asLong());
    }

    private void summary(JsonNode view) {
        out.printf(Locale.ROOT, "import %s: %s%n", view.path("id").asText(), view.path("status").asText());
        for (String field : List.of("linesRead", "placed", "refused", "duplicates", "underWay")) {
            out.printf(Locale.ROOT, "  %-16s %,12d%n", switch (field) {
                case "linesRead" -> "lines read";
                case "duplicates" -> "imported before";
                case "underWay" -> "orders under way";
                default -> field;
            }, view.path(field).asLong());
        }
        view.path("orders").fields().forEachRemaining(e ->
                out.printf(Locale.ROOT, "    %-14s %,12d%n", e.getKey(), e.getValue().asLong()));
        if (view.path("refused").asLong() + view.path("duplicates").asLong() > 0) {
            out.printf("  the lines not placed, with the reason: GET %s/imports/%s/errors (or --errors FILE)%n", api,
                    view.path("id").asText());
        }
    }

    private static String statuses(JsonNode view) {
        StringBuilder text = new StringBuilder();
        view.path("orders").fields().forEachRemaining(e -> text.append(e.getKey().toLowerCase(Locale.ROOT)).append(' ')
                .append(String.format(Locale.ROOT, "%,d", e.getValue().asLong())).append("  "));
        return text.toString();
    }

    void writeErrors(String id, Path target) throws IOException {
        HttpResponse<InputStream> response = exchange("GET", "/imports/" + id + "/errors", null, null,
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /imports/" + id + "/errors answered " + response.statusCode() + ": "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            Files.copy(body, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        out.println("the lines not placed are in " + target);
    }

    /** The service answered 409 with where the import is. */
    private static final class OutOfPlace extends RuntimeException {
        final transient JsonNode view;

        OutOfPlace(JsonNode view) {
            super("out of place", null, false, false);
            this.view = view;
        }
    }

    /**
     * A request, tried again while the service is away (no connection, 502/503/504) for up to
     * {@link #PATIENCE}; a 409 about where the import is becomes {@link OutOfPlace} with the import now.
     */
    private JsonNode call(String method, String path, String type, String body) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (true) {
            try {
                HttpResponse<String> response = exchange(method, path, type, body, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200 || status == 201) {
                    return JSON.readTree(response.body());
                }
                if (status == 409 && response.headers().firstValue("Import-Lines-Read").isPresent()) {
                    String id = path.split("/")[2];
                    throw new OutOfPlace(call("GET", "/imports/" + id, null, null));
                }
                if (status < 502 || status > 504) {
                    throw new IllegalStateException(method + " " + path.replaceAll("\\?.*", "") + " answered " + status + ": "
                            + response.body());
                }
                retryOrGiveUp(giveUp, "answered " + status);
            } catch (IOException e) {
                retryOrGiveUp(giveUp, e.toString());
            }
        }
    }

    private void retryOrGiveUp(Instant giveUp, String why) {
        if (Instant.now().isAfter(giveUp)) {
            throw new IllegalStateException("the order service did not answer for " + PATIENCE.toMinutes() + " minutes (" + why
                    + "); run the same command again to go on from where the import is");
        }
        out.printf("%n(the service is away: %s; trying again)%n", why);
        sleep(Duration.ofSeconds(2));
    }

    private <T> HttpResponse<T> exchange(String method, String path, String type, String body,
                                         HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token.get())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The file's line count and SHA-256, in one pass. */
    public record Scan(long lines, String sha256) {
    }

    public static Scan scan(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long lines = 0;
        int last = '\n';
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
            }
        }
        return new Scan(last == '\n' ? lines : lines + 1, HexFormat.of().formatHex(digest.digest()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}
