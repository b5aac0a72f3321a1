package dev.orderflow.order.rest;

import static dev.orderflow.stack.Authorized.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import dev.orderflow.stack.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * An import when the pipeline has no room: the part waits a while, then is answered with what was read
 * (nothing) and Retry-After, so that the importer sends it again later; nothing is placed meanwhile.
 */
@QuarkusTest
@TestProfile(ImportPacingTest.NoRoom.class)
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = LocalStackResource.DATABASE, value = "order"))
class ImportPacingTest {

    /** Never room: every order (and there is always at least none) counts against a limit of zero. */
    public static class NoRoom implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orderflow.order.imports.max-under-way", "0", "orderflow.order.imports.wait-for-room", "PT0.5S");
        }
    }

    @Test
    void aPartIsAnsweredWithWhatWasReadWhenThePipelineStaysFull() throws Exception {
        String part = "{\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":1}]}\n";
        String sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest((part + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)));
        String id = given().contentType(ContentType.JSON).body(Map.of("name", "full.jsonl", "format", "jsonl", "sha256", sha256))
                .post("/imports").then().statusCode(201).extract().path("id");

        given().contentType("application/x-ndjson").body(part.getBytes(StandardCharsets.UTF_8))
                .post("/imports/" + id + "/lines?from=0").then().statusCode(200)
                .header("Retry-After", "1")
                .body("linesRead", equalTo(0)).body("placed", equalTo(0)).body("refused", equalTo(0))
                .body("status", equalTo("RECEIVING")).body("orders", nullValue());
    }
}
