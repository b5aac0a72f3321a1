package dev.orderflow.order.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.messaging.http.TextWithoutNul;
import dev.orderflow.order.domain.Address;
import dev.orderflow.order.domain.Import;
import dev.orderflow.order.domain.ImportLine;
import dev.orderflow.order.domain.Order;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** Reading import files: every line on its own, numbered as in the file, in chunks that end where an order ends. */
class ImportFileTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private final ImportFile file = new ImportFile(json(), VALIDATOR);

    private static ObjectMapper json() {
        ObjectMapper mapper = new ObjectMapper();
        new TextWithoutNul().customize(mapper);
        return mapper;
    }

    private List<ImportFile.Chunk> read(Import.Format format, String part, long from, int size) {
        List<ImportFile.Chunk> chunks = new ArrayList<>();
        file.chunks(format, part, from, size).forEachRemaining(chunks::add);
        return chunks;
    }

    @Test
    void jsonLinesAreOrdersNumberedFromThePartsFirstLine() {
        String part = """
                {"externalId":"B7-1","customerId":"c-1","lines":[{"sku":"MUG-1","quantity":2}]}

                {"customerId":"c-2","lines":[{"sku":"TEE-1","quantity":1},{"sku":"MUG-1","quantity":3}],\
                "shippingAddress":{"recipient":"Bo","line1":"2 Lane","postalCode":"1000","city":"Brussels","country":"BE"}}
                """;
        List<ImportFile.Chunk> chunks = read(Import.Format.JSONL, part, 40, 1000);

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).lastLine()).isEqualTo(43);
        assertThat(chunks.get(0).lines()).containsExactly(
                new ImportLine.Requested(41, "B7-1", "c-1", List.of(new Order.Request("MUG-1", 2)), null),
                new ImportLine.Requested(43, null, "c-2", List.of(new Order.Request("TEE-1", 1), new Order.Request("MUG-1", 3)),
                        new Address("Bo", "2 Lane", null, "1000", "Brussels", null, "BE")));
    }

    @Test
    void aBadLineIsRefusedWithItsReasonAndTheNextOnesAreRead() {
        String part = String.join("\n",
                "{\"externalId\":\"x-1\",\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":0}]}",
                "not json",
                "{\"customerId\":\"c-1\",\"lines\":[]}",
                "{\"customerId\":\"c-\\u0000\",\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":1}]}",
                "{\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":1}]}");
        List<ImportLine> lines = read(Import.Format.JSONL, part, 0, 1000).get(0).lines();

        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isInstanceOfSatisfying(ImportLine.Refused.class, r -> {
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.externalId()).isEqualTo("x-1");
            assertThat(r.reason()).contains("lines[0].quantity").contains("greater than 0");
        });
        assertThat(lines.get(1)).isInstanceOfSatisfying(ImportLine.Refused.class, r ->
                assertThat(r.reason()).startsWith("not a JSON order"));
        assertThat(lines.get(2)).isInstanceOfSatisfying(ImportLine.Refused.class, r ->
                assertThat(r.reason()).contains("lines").contains("must not be empty"));
        assertThat(lines.get(3)).isInstanceOfSatisfying(ImportLine.Refused.class, r ->
                assertThat(r.reason()).contains("NUL"));
        assertThat(lines.get(4)).isInstanceOf(ImportLine.Requested.class);
    }

    @Test
    void aLineTooLongIsRefusedUnread() {
        String huge = "{\"customerId\":\"" + "c".repeat(ImportFile.MAX_LINE) + "\"}";
        List<ImportLine> lines = read(Import.Format.JSONL, huge, 0, 10).get(0).lines();
        assertThat(lines).singleElement().isInstanceOfSatisfying(ImportLine.Refused.class, r ->
                assertThat(r.reason()).contains("longer than"));
    }

    @Test
    void chunksHoldAtMostTheirSizeAndSayWhichLineTheyEndAt() {
        StringBuilder part = new StringBuilder();
        for (int i = 1; i <= 2_500; i++) {
            part.append("{\"customerId\":\"c-").append(i).append("\",\"lines\":[{\"sku\":\"MUG-1\",\"quantity\":1}]}\n");
        }
        List<ImportFile.Chunk> chunks = read(Import.Format.JSONL, part.toString(), 0, 1000);

        assertThat(chunks).extracting(c -> c.lines().size()).containsExactly(1000, 1000, 500);
        assertThat(chunks).extracting(ImportFile.Chunk::lastLine).containsExactly(1000L, 2000L, 2500L);
    }

    @Test
    void csvRowsWithOneExternalIdAreOneOrderAndChunksEndWhereAnOrderEnds() {
        String csv = """
                externalId,customerId,sku,quantity,recipient,line1,postalCode,city,country
                A-1,c-1,MUG-1,2,,,,,
                A-1,c-1,TEE-1,1,,,,,
                A-2,c-2,MUG-1,1,"Bo, Jr.",2 Lane,1000,Brussels,BE
                ,c-3,MUG-1,4,,,,,
                ,c-3,MUG-1,5,,,,,
                """;
        List<ImportFile.Chunk> chunks = read(Import.Format.CSV, csv, 0, 2);

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).lines()).containsExactly(
                new ImportLine.Requested(2, "A-1", "c-1", List.of(new Order.Request("MUG-1", 2), new Order.Request("TEE-1", 1)), null),
                new ImportLine.Requested(4, "A-2", "c-2", List.of(new Order.Request("MUG-1", 1)),
                        new Address("Bo, Jr.", "2 Lane", null, "1000", "Brussels", null, "BE")));
        assertThat(chunks.get(0).lastLine()).isEqualTo(4);
        // Rows without an external id are an order each.
        assertThat(chunks.get(1).lines()).extracting(ImportLine::line).containsExactly(5L, 6L);
        assertThat(chunks.get(1).lastLine()).isEqualTo(6);
    }

    @Test
    void aLaterCsvPartRepeatsTheHeaderWhichIsNoLineOfTheFile() {
        String part = "customerId,sku,quantity,externalId\nc-1,MUG-1,1,Z-9\n";
        List<ImportFile.Chunk> chunks = read(Import.Format.CSV, part, 120, 1000);
        assertThat(chunks.get(0).lines()).containsExactly(
                new ImportLine.Requested(121, "Z-9", "c-1", List.of(new Order.Request("MUG-1", 1)), null));
        assertThat(chunks.get(0).lastLine()).isEqualTo(121);
    }

    @Test
    void badCsvRowsAreRefusedWithTheRowThatIsWrong() {
        String csv = """
                externalId,customerId,sku,quantity
                A-1,c-1,MUG-1,two
                B-1,c-1,MUG-1,1
                B-1,c-2,MUG-1,1
                C-1,c-1,"MUG-1,1
                D-1,c-1,MUG-1,1
                """;
        List<ImportLine> lines = read(Import.Format.CSV, csv, 0, 1000).get(0).lines();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isInstanceOfSatisfying(ImportLine.Refused.class, r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.reason()).contains("quantity 'two' is not a whole number");
        });
        assertThat(lines.get(1)).isInstanceOfSatisfying(ImportLine.Refused.class, r -> {
            assertThat(r.line()).isEqualTo(3);
            assertThat(r.reason()).contains("row 4 of order B-1 names another customer");
        });
        assertThat(lines.get(2)).isInstanceOfSatisfying(ImportLine.Refused.class, r -> {
            assertThat(r.line()).isEqualTo(5);
            assertThat(r.reason()).startsWith("not a CSV row");
        });
        assertThat(lines.get(3)).isEqualTo(new ImportLine.Requested(6, "D-1", "c-1", List.of(new Order.Request("MUG-1", 1)), null));
    }

    @Test
    void aCsvHeaderThatCannotBeReadRefusesThePart() {
        assertThatThrownBy(() -> read(Import.Format.CSV, "customerId,sku\nc-1,MUG-1\n", 0, 10))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("lacks the column(s) quantity");
        assertThatThrownBy(() -> read(Import.Format.CSV, "customerId,sku,quantity,colour\n", 0, 10))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("unknown column 'colour'");
        Iterator<ImportFile.Chunk> none = file.chunks(Import.Format.JSONL, "", 7, 10);
        assertThat(none.hasNext()).isFalse();
    }
}
