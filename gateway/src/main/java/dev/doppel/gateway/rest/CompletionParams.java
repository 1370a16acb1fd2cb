package dev.doppel.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.gateway.serving.Sampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parameters chat and completions requests share, read from the JSON body with OpenAI's ranges; each 400
 * names the parameter. JSON {@code null} means "not given", as in OpenAI's API. Parameters that OpenAI's
 * official clients send and that change nothing here are accepted; ones whose meaning Doppel does not implement
 * (tools, log probabilities, JSON mode) are refused rather than silently ignored.
 */
final class CompletionParams {
    static final int MAX_STOP = 4;

    /** Sampling fields, shared by both endpoints; {@code maxTokensFields} lists the ones the endpoint accepts. */
    static Sampling sampling(JsonNode body, List<String> maxTokensFields) {
        Integer maxTokens = null;
        String maxTokensParam = maxTokensFields.get(0);
        for (String field : maxTokensFields) {
            Integer value = optionalInt(body, field, 1, Integer.MAX_VALUE);
            if (value != null) {
                if (maxTokens != null) {
                    throw ApiException.invalid(field, "Give either " + maxTokensParam + " or " + field + ", not both.");
                }
                maxTokens = value;
                maxTokensParam = field;
            }
        }
        Integer n = optionalInt(body, "n", 1, Integer.MAX_VALUE);
        JsonNode seed = body.get("seed");
        if (present(seed) && (!seed.isIntegralNumber() || !seed.canConvertToLong())) {
            throw ApiException.invalid("seed", "seed must be an integer, got " + seed + ".");
        }
        return new Sampling(maxTokens, maxTokensParam,
                optionalNumber(body, "temperature", 0, 2, true, 1.0),
                optionalNumber(body, "top_p", 0, 1, false, 1.0),
                n == null ? 1 : n, stop(body.get("stop")), present(seed) ? seed.longValue() : null,
                optionalNumber(body, "presence_penalty", -2, 2, true, 0.0),
                optionalNumber(body, "frequency_penalty", -2, 2, true, 0.0));
    }

    static boolean stream(JsonNode body) {
        JsonNode stream = body.get("stream");
        if (!present(stream)) {
            return false;
        }
        if (!stream.isBoolean()) {
            throw ApiException.invalid("stream", "stream must be a boolean, got " + stream + ".");
        }
        return stream.booleanValue();
    }

    /** {@code stream_options.include_usage}; OpenAI allows stream_options only on streamed requests. */
    static boolean includeUsage(JsonNode body, boolean stream) {
        JsonNode options = body.get("stream_options");
        if (!present(options)) {
            return false;
        }
        if (!stream) {
            throw ApiException.invalid("stream_options", "stream_options is only allowed when stream is true.");
        }
        if (!options.isObject()) {
            throw ApiException.invalid("stream_options", "stream_options must be an object.");
        }
        // include_obfuscation pads chunks against length side channels; accepted, and there is nothing to pad here.
        onlyKnownFields(options, Set.of("include_usage", "include_obfuscation"), "stream_options.");
        JsonNode include = options.get("include_usage");
        if (present(include) && !include.isBoolean()) {
            throw ApiException.invalid("stream_options.include_usage", "include_usage must be a boolean.");
        }
        return present(include) && include.booleanValue();
    }

    static String model(JsonNode body) {
        JsonNode model = body.get("model");
        if (!present(model)) {
            throw ApiException.invalid("model", "Missing required parameter: 'model'.");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw ApiException.invalid("model", "model must be a non-empty string, got " + model + ".");
        }
        return model.asText();
    }

    static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid(null, "The request body must be a JSON object.");
        }
    }

    static void onlyKnownFields(JsonNode object, Set<String> known, String prefix) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw ApiException.invalid(prefix + name, "Unrecognized request argument supplied: " + prefix + name);
            }
        });
    }

    /** A field that may only take the value that means "off": anything else would change the answer's meaning. */
    static void onlyOff(JsonNode body, String field, String why) {
        JsonNode value = body.get(field);
        boolean off = !present(value) || value.isBoolean() && !value.booleanValue()
                || (value.isArray() || value.isObject()) && value.isEmpty();
        if (!off) {
            throw ApiException.invalid(field, field + " is not supported: " + why);
        }
    }

    static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    private static List<String> stop(JsonNode stop) {
        if (!present(stop)) {
            return List.of();
        }
        List<String> stops = new ArrayList<>();
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray()) {
            if (stop.size() > MAX_STOP) {
                throw ApiException.invalid("stop", "stop may hold at most " + MAX_STOP + " sequences, got " + stop.size() + ".");
            }
            for (JsonNode item : stop) {
                if (!item.isTextual()) {
                    throw ApiException.invalid("stop", "stop must be a string or an array of strings, got " + stop + ".");
                }
                stops.add(item.asText());
            }
        } else {
            throw ApiException.invalid("stop", "stop must be a string or an array of strings, got " + stop + ".");
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw ApiException.invalid("stop", "stop sequences must not be empty.");
        }
        return stops;
    }

    private static Integer optionalInt(JsonNode body, String field, int min, int max) {
        JsonNode value = body.get(field);
        if (!present(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw ApiException.invalid(field, field + " must be an integer " + (max == Integer.MAX_VALUE
                    ? "of at least " + min : "from " + min + " to " + max) + ", got " + value + ".");
        }
        return value.intValue();
    }

    private static double optionalNumber(JsonNode body, String field, double min, double max, boolean minIncluded,
            double fallback) {
        JsonNode value = body.get(field);
        if (!present(value)) {
            return fallback;
        }
        double number = value.isNumber() ? value.doubleValue() : Double.NaN;
        boolean aboveMin = minIncluded ? number >= min : number > min;
        if (!aboveMin || !(number <= max)) {
            throw ApiException.invalid(field, field + " must be a number " + (minIncluded ? "from " + fmt(min) + " to "
                    : "greater than " + fmt(min) + " and at most ") + fmt(max) + ", got " + value + ".");
        }
        return number;
    }

    private static String fmt(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private CompletionParams() {
    }
}
