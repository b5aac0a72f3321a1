package dev.orderflow.messaging.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BadRequestsTest {

    enum Method { CARD, INVOICE }

    record Line(String sku, Integer quantity) {
    }

    record Body(String name, List<Line> lines, Method method, Boolean active, Long price) {
    }

    private final ObjectMapper json = new ObjectMapper();

    BadRequestsTest() {
        new TextWithoutNul().customize(json);
    }

    @Test
    void nulInAnyTextIsRefusedNamingTheField() {
        assertThat(why("{\"lines\":[{\"sku\":\"MUG\\u0000\"}]}")).isEqualTo("lines[0].sku: text must not contain the NUL character (U+0000)");
        assertThat(why("{\"name\":\"\\u0000\"}")).isEqualTo("name: text must not contain the NUL character (U+0000)");
    }

    @Test
    void textWithoutNulIsReadAsItIs() throws JsonProcessingException {
        assertThat(json.readValue("{\"name\":\"a\\tb \\u00e9\\ud83d\\ude00\"}", Body.class).name()).isEqualTo("a\tb é\uD83D\uDE00");
    }

    @Test
    void aValueOfTheWrongTypeSaysWhatWasExpectedInTheTermsOfJson() {
        assertThat(why("{\"lines\":\"abc\"}")).isEqualTo("lines: expected an array");
        assertThat(why("{\"lines\":[{\"quantity\":\"many\"}]}")).isEqualTo("lines[0].quantity: expected a whole number from -2147483648 to 2147483647");
        assertThat(why("{\"method\":\"BITCOIN\"}")).isEqualTo("method: expected one of CARD, INVOICE");
        assertThat(why("{\"active\":[]}")).isEqualTo("active: expected true or false");
        assertThat(why("{\"price\":{}}")).isEqualTo("price: expected a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        assertThat(why("[]")).isEqualTo("expected an object");
    }

    @Test
    void aNumberOutOfRangeSaysSoWithoutCallingTheBodyMalformed() {
        assertThat(why("{\"lines\":[{\"quantity\":99999999999}]}"))
                .startsWith("lines[0].quantity: Numeric value (99999999999) out of range of int");
    }

    @Test
    void malformedJsonSaysWhereWithoutQuotingTheSource() {
        assertThat(why("{\"name\":")).startsWith("malformed JSON at line 1, column 9: Unexpected end-of-input").doesNotContain("Source");
        assertThat(why("{\n\"name\" \"x\"}")).startsWith("malformed JSON at line 2, column 8: Unexpected character").doesNotContain("Source");
    }

    private String why(String body) {
        return BadRequests.describe(catchThrowableOfType(JsonProcessingException.class, () -> json.readValue(body, Body.class)));
    }
}
