package dev.tickrunner.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The runtime data of one tick as the in-sandbox runtime receives it: the payload as JSON text for its
 * {@code JSON.parse}, except two large parts that cross separately, so that they are neither escaped by Jackson nor
 * unescaped by GraalJS on every tick:
 * <ul>
 *   <li>{@code userMemory.data}, the Memory string (up to 2 MB), written as {@code null} in its place and passed as a
 *       string argument ({@link #memory()}), which the runtime puts back;</li>
 *   <li>{@code userCode} (module name → source; 1 MB for a large bot), sent only until the sandbox has it: the code of a
 *       sandbox never changes (a newer code timestamp is a new sandbox), so the runtime keeps the first tick's.
 *       Written as {@code null} in its place otherwise.</li>
 *   <li>{@code accessibleRooms} (a JSON text of every room name, escaped once more inside the payload: 1.1 KB on the
 *       bundled 11x11 world, tens of KB on a large one), sent only when it differs from the text this sandbox got
 *       last, which the runtime keeps ({@link #accessibleRoomsKept()}). Written as {@code null} in its place
 *       otherwise.</li>
 * </ul>
 * Key order is kept (the placeholders sit where the values were). Deviates from Node: the driver copies the whole
 * runtime data into the isolate every tick ({@code ivm.ExternalCopy}), the code and the room list included.
 *
 * @param json                the payload as JSON text, with the placeholders above
 * @param memory              the Memory string taken out of it, or null when {@code userMemory.data} was not a
 *                            string (then it stays in {@link #json()})
 * @param accessibleRooms     the payload's {@code accessibleRooms} text (sent or kept), or null when it is not a
 *                            string: what the sandbox has after this tick
 * @param accessibleRoomsKept whether {@code accessibleRooms} was left out because the sandbox has the same text
 */
record RuntimeDataJson(String json, String memory, String accessibleRooms, boolean accessibleRoomsKept) {
    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    /**
     * @param payload             the driver-shaped runtime data ({@link dev.tickrunner.model.RuntimeData#payload()});
     *                            not modified
     * @param withCode            whether {@code userCode} is sent (the sandbox does not have it yet)
     * @param sandboxRooms        the {@code accessibleRooms} text the sandbox has ({@link #accessibleRooms()} of its
     *                            last tick), or null for none
     * @throws UncheckedIOException if Jackson fails to write (it does not for a tree)
     */
    static RuntimeDataJson of(ObjectNode payload, boolean withCode, String sandboxRooms) {
        StringWriter out = new StringWriter(4096);
        String memory = null;
        String rooms = null;
        boolean roomsKept = false;
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                generator.writeFieldName(field.getKey());
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "userCode" -> {
                        if (withCode) {
                            generator.writeTree(value);
                        } else {
                            generator.writeNull();
                        }
                    }
                    case "userMemory" -> memory = writeUserMemory(generator, value);
                    case "accessibleRooms" -> {
                        rooms = value.isTextual() ? value.asText() : null;
                        roomsKept = rooms != null && rooms.equals(sandboxRooms);
                        if (roomsKept) {
                            generator.writeNull();
                        } else {
                            generator.writeTree(value);
                        }
                    }
                    default -> generator.writeTree(value);
                }
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the runtime data as JSON", e);
        }
        return new RuntimeDataJson(out.toString(), memory, rooms, roomsKept);
    }

    /** Writes {@code userMemory} with a textual {@code data} replaced by null; returns that text, else null. */
    private static String writeUserMemory(JsonGenerator generator, JsonNode userMemory) throws IOException {
        if (!(userMemory instanceof ObjectNode object) || !object.path("data").isTextual()) {
            generator.writeTree(userMemory);
            return null;
        }
        generator.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            generator.writeFieldName(field.getKey());
            if ("data".equals(field.getKey())) {
                generator.writeNull();
            } else {
                generator.writeTree(field.getValue());
            }
        }
        generator.writeEndObject();
        return object.get("data").asText();
    }
}
