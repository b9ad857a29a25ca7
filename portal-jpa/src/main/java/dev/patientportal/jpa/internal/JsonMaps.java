package dev.patientportal.jpa.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Audit details and intent attributes as a flat JSON object of strings ({@code {"count":"3","factor":"SMS"}}), by
 * Jackson. Keys are written sorted, so equal maps give equal text; rows written by the earlier hand-written codec read
 * back unchanged (same format). Reading is as strict as that codec was: an object, every value a string, nothing after.
 */
public final class JsonMaps {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonMaps() {}

    /**
     * Writes a map as a JSON object, keys sorted.
     *
     * @param map the map; no null key or value
     * @return the JSON text
     */
    public static String write(Map<String, String> map) {
        Map<String, String> sorted = new TreeMap<>();
        map.forEach((key, value) -> sorted.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key)));
        try {
            return MAPPER.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings could not be written as JSON", e);
        }
    }

    /**
     * Reads a JSON object whose values are all strings.
     *
     * @param json the text
     * @return the map, unmodifiable
     * @throws IllegalArgumentException when the text is not such an object; the message names the position, never
     *     the content
     */
    public static Map<String, String> read(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(
                    at == null
                            ? "Malformed JSON object"
                            : "Malformed JSON object at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("Not a JSON object");
        }
        Map<String, String> map = new TreeMap<>();
        for (Map.Entry<String, JsonNode> property : tree.properties()) {
            if (!property.getValue().isTextual()) {
                throw new IllegalArgumentException("A value of the JSON object is not a string");
            }
            map.put(property.getKey(), property.getValue().textValue());
        }
        return Map.copyOf(map);
    }
}
