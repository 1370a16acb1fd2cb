package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.InvalidInputException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DelimitedParserTest {
    private static final ExportParser CSV = new DelimitedParser(Format.CSV);
    private static final ExportParser TSV = new DelimitedParser(Format.TSV);

    private static List<Example> csv(String text) throws Exception {
        return Fixtures.parse(CSV, text, "pairs.csv").examples();
    }

    private static InvalidInputException rejected(String text) {
        return assertThrows(InvalidInputException.class, () -> csv(text));
    }

    @Test
    void readsACsvWithHeaderBomCrlfQuotesAndLineBreaks() throws Exception {
        var export = Fixtures.parse(CSV, Fixtures.bytes("csv/pairs.csv"), "pairs.csv");
        assertEquals(List.of(
                Example.of("Are you coming to Lena's tonight?", "yes!! see you at 8 :)",
                        "are you coming to lena's tonight?", "pairs.csv:2"),
                Example.of("Can you send me the slides\nfrom Tuesday?", "sure, give me 5 min 👍\nthey're on the drive too",
                        "can you send me the slides from tuesday?", "pairs.csv:3"),
                Example.of("晚上一起吃饭吗？", "好呀!! 🎉", "晚上一起吃饭吗？", "pairs.csv:6"),
                Example.of("She said \"hi\", then left", "classic \"Mara\" move", "she said \"hi\", then left", "pairs.csv:7"),
                Example.of("the 27\" monitor or the 32\"?", "27 fits the desk", "the 27\" monitor or the 32\"?",
                        "pairs.csv:8")), export.examples());
        assertEquals(Map.of("empty-row", 1), export.skipped());
    }

    @Test
    void readsATsvWithoutHeaderAsPromptThenResponse() throws Exception {
        var examples = Fixtures.parse(TSV, Fixtures.bytes("tsv/pairs.tsv"), "pairs.tsv").examples();
        assertEquals(List.of(
                Example.of("how are you?", "good, you?", "how are you?", "pairs.tsv:1"),
                Example.of("when do we leave", "at 7,\nbring snacks", "when do we leave", "pairs.tsv:2"),
                Example.of("ça va ?", "très bien 😊", "ça va ?", "pairs.tsv:4")), examples);
    }

    @Test
    void usesNamedColumnsInAnyOrderAndCase() throws Exception {
        var examples = csv("id,REPLY,received,date\n1,sure!,coffee later?,2024-03-01\n2,,you there?,2024-03-02\n");
        assertEquals(List.of(Example.of("coffee later?", "sure!", "coffee later?", "pairs.csv:2"),
                Example.of("you there?", "", "you there?", "pairs.csv:3")), examples);
    }

    @Test
    void quotesAreLenientWhereRfc4180IsSilent() throws Exception {
        var examples = csv("\"a\"b,  \"c\"\nsay \"\"hi\"\",\"\"\n");
        assertEquals(List.of(List.of("ab", "  \"c\""), List.of("say \"\"hi\"\"", "")),
                examples.stream().map(e -> List.of(e.prompt(), e.completion())).toList());
    }

    @Test
    void namesTheLineWhereAnUnterminatedQuoteStarted() {
        var error = rejected("prompt,response\na,b\nc,\"never\nclosed,\n\nat all\n");
        assertEquals("pairs.csv line 3: unterminated quote: the field that starts on line 3 has no closing \" "
                + "before the end of the file", error.getMessage());
        assertEquals("pairs.csv:3", error.location());
    }

    @Test
    void namesTheLineAndColumnCountOfAShortRow() {
        var error = rejected("prompt,notes,response\n\"multi\nline\",x,y\nonly,two\n");
        assertEquals("pairs.csv line 4: 2 columns, need at least 3 (prompt in column 1, response in column 3)",
                error.getMessage());
        assertEquals("pairs.csv:4", error.location());
        assertEquals("pairs.csv line 1: 1 column, need at least 2 (prompt in column 1, response in column 2)",
                rejected("just one cell\n").getMessage());
    }

    @Test
    void aHeaderWithOnlyOneKnownColumnIsAnError() {
        assertEquals("pairs.csv line 1: the header names a prompt column but no response column "
                + "([response, completion, output, answer, reply])",
                rejected("date,sender,message\n2024-01-01,Ana,hi\n").getMessage());
    }

    @Test
    void anEmptyPromptIsAnErrorAndBlankRowsAreSkipped() throws Exception {
        assertEquals("pairs.csv line 3: the prompt (column 1) is empty", rejected("a,b\n\n ,c\n").getMessage());
        var export = Fixtures.parse(CSV, "a,b\n\n\n  \n\" \",\n", "pairs.csv");
        assertEquals(1, export.examples().size());
        assertEquals(Map.of("empty-row", 2), export.skipped());
        assertEquals(0, csv("").size());
    }

    @Test
    void invalidUtf8NamesTheByte() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, ',', 'o', 'k', '\n'};
        var error = assertThrows(InvalidInputException.class, () -> Fixtures.parse(CSV, latin1, "pairs.csv"));
        assertEquals("pairs.csv@3", error.location());
    }

    @Property(tries = 300)
    void readsBackWhatAnRfc4180WriterWrites(@ForAll("rows") List<List<String>> rows) throws Exception {
        var file = new StringBuilder("prompt,response\n");
        for (var row : rows) {
            file.append(quote(row.get(0))).append(',').append(quote(row.get(1))).append("\r\n");
        }
        var examples = csv(file.toString());
        assertEquals(rows, examples.stream().map(e -> List.of(e.prompt(), e.completion())).toList());
    }

    @Provide
    Arbitrary<List<List<String>>> rows() {
        // whole code points: a surrogate pair split in two would not survive UTF-8
        Arbitrary<String> text = Arbitraries.of("a", "b", " ", ",", "\"", "\n", "\t", "é", "😊")
                .list().ofMaxSize(10).map(parts -> String.join("", parts));
        Arbitrary<String> prompt = text.filter(s -> !s.isBlank());
        return prompt.flatMap(p -> text.map(c -> List.of(p, c))).list().ofMaxSize(8);
    }

    private static String quote(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
}
