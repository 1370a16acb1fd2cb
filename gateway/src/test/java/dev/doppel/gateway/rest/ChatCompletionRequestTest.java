package dev.doppel.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chat and completions request rules: what is accepted, and which parameter each 400 names. */
class ChatCompletionRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static JsonNode body(String fields) throws Exception {
        return JSON.readTree("{\"model\":\"m\"," + USER + (fields.isEmpty() ? "" : "," + fields) + "}");
    }

    @Test
    void everySupportedParameterIsRead() throws Exception {
        var request = ChatCompletionRequest.parse(body("\"temperature\":0,\"top_p\":0.5,\"n\":3,"
                + "\"max_completion_tokens\":9,\"stop\":[\"\\n\",\"bye\"],\"seed\":42,\"presence_penalty\":-2,"
                + "\"frequency_penalty\":2,\"user\":\"u-1\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"logprobs\":false,\"response_format\":{\"type\":\"text\"},\"tools\":[],\"tool_choice\":\"none\""));
        var sampling = request.sampling();
        assertEquals(0.0, sampling.temperature());
        assertEquals(0.5, sampling.topP());
        assertEquals(3, sampling.n());
        assertEquals(9, sampling.maxTokens());
        assertEquals("max_completion_tokens", sampling.maxTokensParam());
        assertEquals(List.of("\n", "bye"), sampling.stop());
        assertEquals(42L, sampling.seed());
        assertEquals(-2.0, sampling.presencePenalty());
        assertEquals(2.0, sampling.frequencyPenalty());
        assertTrue(request.stream());
        assertTrue(request.includeUsage());
    }

    @Test
    void defaultsAreOpenAis() throws Exception {
        var request = ChatCompletionRequest.parse(body("\"stop\":\"END\",\"max_tokens\":null"));
        assertEquals(1.0, request.sampling().temperature());
        assertEquals(1.0, request.sampling().topP());
        assertEquals(1, request.sampling().n());
        assertEquals(null, request.sampling().maxTokens());
        assertEquals(List.of("END"), request.sampling().stop());
        assertFalse(request.stream());
    }

    @Test
    void contentPartsAndDeveloperMessagesAreRead() throws Exception {
        var request = ChatCompletionRequest.parse(JSON.readTree("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"developer\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"name\":\"Sam\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}]}"));
        assertEquals("system", request.messages().get(0).role());
        assertEquals("a\nb", request.messages().get(1).content());
        assertEquals("Sam", request.messages().get(1).name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"temperature\":2.5|temperature",
        "\"top_p\":0|top_p",
        "\"top_p\":1.5|top_p",
        "\"n\":0|n",
        "\"max_tokens\":0|max_tokens",
        "\"max_completion_tokens\":-1|max_completion_tokens",
        "\"max_tokens\":5,\"max_completion_tokens\":5|max_completion_tokens",
        "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]|stop",
        "\"stop\":[\"\"]|stop",
        "\"stop\":7|stop",
        "\"seed\":1.5|seed",
        "\"presence_penalty\":-2.1|presence_penalty",
        "\"frequency_penalty\":\"high\"|frequency_penalty",
        "\"stream\":\"yes\"|stream",
        "\"stream_options\":{\"include_usage\":true}|stream_options",
        "\"logprobs\":true|logprobs",
        "\"top_logprobs\":3|top_logprobs",
        "\"tools\":[{\"type\":\"function\"}]|tools",
        "\"tool_choice\":\"auto\"|tool_choice",
        "\"response_format\":{\"type\":\"json_object\"}|response_format",
        "\"logit_bias\":{\"50256\":-100}|logit_bias",
        "\"temprature\":1|temprature",
    })
    void badParametersAre400sNamingThem(String fields, String param) throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> ChatCompletionRequest.parse(body(fields)));
        assertEquals(400, e.status());
        assertEquals(param, e.param(), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"model\":\"m\"}|messages",
        "{\"model\":\"m\",\"messages\":[]}|messages",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|model",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}|messages[0].role",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}|messages[0].content",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}|messages[0].content[0].type",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"colour\":1}]}|messages[0].colour",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}|messages",
    })
    void badMessagesAre400sNamingThem(String json, String param) throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> ChatCompletionRequest.parse(JSON.readTree(json)));
        assertEquals(param, e.param(), e.getMessage());
    }

    @Test
    void completionsReadAStringOrOneStringPrompt() throws Exception {
        var plain = CompletionRequest.parse(JSON.readTree("{\"model\":\"m\",\"prompt\":\"hi\",\"echo\":false}"));
        assertEquals("hi", plain.prompt());
        assertEquals(null, plain.sampling().maxTokens());
        var array = CompletionRequest.parse(JSON.readTree("{\"model\":\"m\",\"prompt\":[\"hi\"],\"best_of\":1}"));
        assertEquals("hi", array.prompt());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"model\":\"m\"}|prompt",
        "{\"model\":\"m\",\"prompt\":[\"a\",\"b\"]}|prompt",
        "{\"model\":\"m\",\"prompt\":[1,2]}|prompt",
        "{\"model\":\"m\",\"prompt\":\"a\",\"echo\":true}|echo",
        "{\"model\":\"m\",\"prompt\":\"a\",\"logprobs\":2}|logprobs",
        "{\"model\":\"m\",\"prompt\":\"a\",\"suffix\":\"z\"}|suffix",
        "{\"model\":\"m\",\"prompt\":\"a\",\"best_of\":3}|best_of",
        "{\"model\":\"m\",\"prompt\":\"a\",\"max_completion_tokens\":3}|max_completion_tokens",
    })
    void badCompletionsRequestsAre400sNamingTheParameter(String json, String param) throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> CompletionRequest.parse(JSON.readTree(json)));
        assertEquals(param, e.param(), e.getMessage());
    }
}
