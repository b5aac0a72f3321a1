package dev.orderflow.order.rest;

import static dev.orderflow.stack.Authorized.given;
import static dev.orderflow.stack.Authorized.givenAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.orderflow.events.imports.ImportCompleted;
import dev.orderflow.events.inventory.StockReservationFailed;
import dev.orderflow.events.inventory.UnavailableLine;
import dev.orderflow.events.orders.OrderChannel;
import dev.orderflow.events.orders.OrderPlaced;
import dev.orderflow.stack.Authorized;
import dev.orderflow.stack.EventFeed;
import dev.orderflow.stack.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Imports of order files on the real stack: lines placed as orders (priced from the replicas, published
 * as OrderPlaced), bad lines reported with their line and reason, parts only from where the import is,
 * and nothing placed twice — not when a part is sent again, not when the same orders come in another file.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "order"))
class ImportFlowTest {

    @TestHTTPResource("/imports")
    URI imports;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "orderflow.registry.url")
    String registryUrl;

    private EventFeed feed;
    private String customerId;
    private String mug;
    private String batch;

    @BeforeEach
    void replicas() {
        feed = new EventFeed(kafka, registryUrl);
        customerId = "c-" + UUID.randomUUID();
        mug = "MUG-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        batch = "B-" + UUID.randomUUID().toString().substring(0, 8);
        ReplicaFacts.mug(feed, mug);
        ReplicaFacts.ada(feed, customerId);
        // The replicas have both once an order for them can be placed.
        await().atMost(Duration.ofSeconds(60)).until(() -> given().contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("customerId", customerId, "lines", List.of(Map.of("sku", mug, "quantity", 1))))
                .post("/orders").statusCode() == 201);
    }

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void aFileInTwoPartsPlacesItsGoodLinesOnceAndReportsTheOthers() {
        String part1 = String.join("\n",
                line(batch + "-1", customerId, mug, 2),
                line(batch + "-2", customerId, mug, 1),
                "{\"externalId\":\"" + batch + "-3\",\"customerId\":\"" + customerId + "\",\"lines\":[{\"sku\":\"" + mug
                        + "\",\"quantity\":-1}]}",
                line(batch + "-4", "nobody", mug, 1),
                line(null, customerId, "NO-SUCH-SKU", 1)) + "\n";
        String part2 = String.join("\n", line(batch + "-1", customerId, mug, 2), "", line(null, customerId, mug, 3)) + "\n";
        String id = open("orders.jsonl", "jsonl", sha256(part1 + part2), 201);

        send(id, 0, part1).then().statusCode(200)
                .body("linesRead", equalTo(5)).body("placed", equalTo(2)).body("refused", equalTo(3))
                .body("status", equalTo("RECEIVING"));
        // A part sent again (its answer was lost) is refused with where to go on from.
        send(id, 0, part1).then().statusCode(409).header("Import-Lines-Read", "5")
                .body("detail", containsString("send the lines after line 5"));
        send(id, 5, part2).then().statusCode(200)
                .body("linesRead", equalTo(8)).body("placed", equalTo(3)).body("duplicates", equalTo(1));
        given().post("/imports/" + id + "/end?lines=9").then().statusCode(409);
        given().post("/imports/" + id + "/end?lines=8").then().statusCode(200)
                .body("fileComplete", equalTo(true)).body("status", equalTo("PROCESSING"))
                .body("orders.PLACED", equalTo(3)).body("underWay", equalTo(3));
        send(id, 8, line(null, customerId, mug, 1)).then().statusCode(409).body("detail", containsString("nothing more"));

        // The same file again is the same import: nothing more is placed.
        assertThat(open("copy.jsonl", "jsonl", sha256(part1 + part2), 200)).isEqualTo(id);

        String errors = given().get("/imports/" + id + "/errors").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertThat(errors.lines().toList()).satisfiesExactly(
                header -> assertThat(header).isEqualTo("line,externalId,reason"),
                l -> assertThat(l).startsWith("3," + batch + "-3,").contains("quantity"),
                l -> assertThat(l).startsWith("4," + batch + "-4,").contains("unknown customer nobody"),
                l -> assertThat(l).startsWith("5,,").contains("NO-SUCH-SKU does not exist"),
                l -> assertThat(l).startsWith("6," + batch + "-1,").contains("was imported before"));

        // The orders are priced from the replicas, placed as imported, and published.
        List<Map<String, Object>> imported = given().get("/orders?customerId=" + customerId + "&size=50").then().statusCode(200)
                .extract().<List<Map<String, Object>>>path("items").stream()
                .filter(o -> "BATCH_IMPORT".equals(o.get("channel"))).toList();
        assertThat(imported).hasSize(3).extracting(o -> o.get("subtotalMinor")).containsExactlyInAnyOrder(2_500, 1_250, 3_750);
        String orderId = (String) imported.get(0).get("id");
        OrderPlaced placed = await().atMost(Duration.ofSeconds(30)).until(() -> feed.events("orders", orderId).stream()
                .filter(OrderPlaced.class::isInstance).map(OrderPlaced.class::cast).toList(), l -> l.size() == 1).get(0);
        assertThat(placed.getChannel()).isEqualTo(OrderChannel.BATCH_IMPORT);
        given().get("/orders/" + orderId).then().body("timeline[0].event", equalTo("OrderPlaced"));

        // Another file with orders imported before places none of them again.
        String other = line(batch + "-1", customerId, mug, 2) + "\n" + line(batch + "-2", customerId, mug, 1) + "\n";
        String otherId = open("again.jsonl", "jsonl", sha256(other), 201);
        send(otherId, 0, other).then().statusCode(200).body("placed", equalTo(0)).body("duplicates", equalTo(2));
    }

    @Test
    void anImportIsCompletedOnceEveryOrderItPlacedHasEnded() throws Exception {
        String file = line(batch + "-1", customerId, mug, 1) + "\n" + line(batch + "-2", customerId, mug, 1) + "\n"
                + line(batch + "-3", "nobody", mug, 1) + "\n";
        String id = open("done.jsonl", "jsonl", sha256(file), 201);
        send(id, 0, file).then().statusCode(200).body("placed", equalTo(2));
        given().post("/imports/" + id + "/end?lines=3").then().statusCode(200).body("status", equalTo("PROCESSING"));

        CompletableFuture<List<String>> follower = HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(URI.create(imports + "/" + id + "/progress?interval=PT0.2S"))
                        .header("Authorization", Authorized.bearer()).build(), HttpResponse.BodyHandlers.ofLines())
                .thenApply(r -> r.body().filter(l -> l.startsWith("data:")).toList());

        // Inventory refuses both: the orders end REJECTED, and with them the import.
        List<String> orderIds = given().get("/orders?customerId=" + customerId + "&size=50").then().extract()
                .<List<Map<String, Object>>>path("items").stream().filter(o -> "BATCH_IMPORT".equals(o.get("channel")))
                .map(o -> (String) o.get("id")).toList();
        assertThat(orderIds).hasSize(2);
        orderIds.forEach(orderId -> feed.publish(StockReservationFailed.newBuilder().setOrderId(orderId)
                .setUnavailable(List.of(UnavailableLine.newBuilder().setSku(mug).setRequested(1).setAvailable(0).build()))
                .setFailedAt(Instant.now()).build()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/imports/" + id).then()
                .body("status", equalTo("COMPLETED")).body("orders.REJECTED", equalTo(2)).body("underWay", equalTo(0)));

        ImportCompleted completed = await().atMost(Duration.ofSeconds(30)).until(() -> feed.events("imports", id).stream()
                .filter(ImportCompleted.class::isInstance).map(ImportCompleted.class::cast).toList(), l -> !l.isEmpty()).get(0);
        assertThat(completed.getName()).isEqualTo("done.jsonl");
        assertThat(completed.getLinesRead()).isEqualTo(3);
        assertThat(completed.getPlaced()).isEqualTo(2);
        assertThat(completed.getRefused()).isEqualTo(1);
        assertThat(completed.getRejected()).isEqualTo(2);
        assertThat(completed.getConfirmed()).isZero();
        // The live progress ends with the import completed.
        List<String> progress = follower.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(progress.get(0)).contains("\"status\":\"PROCESSING\"");
        assertThat(progress).last().asString().contains("\"status\":\"COMPLETED\"").contains("\"REJECTED\":2");
        given().get("/imports/nope/progress").then().statusCode(404);
        given().get("/imports/" + id + "/progress?interval=PT0S").then().statusCode(400);
        // Told once.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> feed.events("imports", id).size() == 1);
    }

    @Test
    void aCsvFileIsOneRowPerOrderLine() {
        String csv = "externalId,customerId,sku,quantity,recipient,line1,postalCode,city,country\n"
                + batch + "-1," + customerId + "," + mug + ",2,,,,,\n"
                + batch + "-1," + customerId + "," + mug + ",1,,,,,\n"
                + batch + "-2," + customerId + "," + mug + ",1,Bo,2 Lane,1000,Brussels,BE\n";
        String id = open("orders.csv", "csv", sha256(csv), 201);
        send(id, 0, csv, "text/csv").then().statusCode(200).body("linesRead", equalTo(4)).body("placed", equalTo(2))
                .body("refused", equalTo(0));
        // A later part repeats the header; its rows go on from line 4.
        send(id, 4, "customerId,sku,quantity\n" + customerId + "," + mug + ",5\n", "text/csv").then().statusCode(200)
                .body("linesRead", equalTo(5)).body("placed", equalTo(3));
        send(id, 5, "customerId,sku,colour\n", "text/csv").then().statusCode(400).body("detail", containsString("colour"));
        // The file's lines read as JSON Lines are another import's business: one file, one format.
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "format", "jsonl", "sha256", sha256(csv)))
                .post("/imports").then().statusCode(409).body("detail", containsString("CSV"));
    }

    @Test
    void importsAreForOperatorsAndRefuseWhatTheyCannotRead() {
        givenAs("ada").contentType(ContentType.JSON).body(Map.of("name", "x", "format", "jsonl", "sha256", sha256("x")))
                .post("/imports").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "format", "xml", "sha256", sha256("x")))
                .post("/imports").then().statusCode(400).body(containsString("jsonl or csv"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "format", "jsonl", "sha256", "abc"))
                .post("/imports").then().statusCode(400).body(containsString("SHA-256"));
        given().get("/imports/nope").then().statusCode(404);
        given().get("/imports/nope/errors").then().statusCode(404);
        String id = open("x.jsonl", "jsonl", sha256(UUID.randomUUID().toString()), 201);
        given().contentType("application/x-ndjson").body("{}".getBytes(StandardCharsets.UTF_8)).post("/imports/" + id + "/lines").then().statusCode(400)
                .body(containsString("from"));
    }

    private static String line(String externalId, String customer, String sku, int quantity) {
        return (externalId == null ? "{" : "{\"externalId\":\"" + externalId + "\",") + "\"customerId\":\"" + customer
                + "\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}]}";
    }

    private static String open(String name, String format, String sha256, int status) {
        return given().contentType(ContentType.JSON).body(Map.of("name", name, "format", format, "sha256", sha256))
                .post("/imports").then().statusCode(status).extract().path("id");
    }

    private static Response send(String id, long from, String part) {
        return send(id, from, part, "application/x-ndjson");
    }

    private static Response send(String id, long from, String part, String type) {
        return given().contentType(type).body(part.getBytes(StandardCharsets.UTF_8)).post("/imports/" + id + "/lines?from=" + from);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
