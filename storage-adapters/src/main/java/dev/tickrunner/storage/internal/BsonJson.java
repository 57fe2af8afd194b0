package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Converts MongoDB documents to Jackson trees and back without losing number types: int32 stays an int, int64 a
 * long, a double a double. Reading turns every ObjectId into its hex string (screepsmod-mongo idToKey does it for
 * {@code _id}; the JSON round trip of data.js does it for the rest) and a Date into the ISO text JSON.stringify gives.
 * LokiJS {@code meta} / {@code $loki} fields stay as stored.
 */
public final class BsonJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private BsonJson() {
    }

    /** @return the document as a Jackson object, keys in stored order */
    public static ObjectNode toJson(Map<String, ?> document) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, ?> e : document.entrySet()) {
            node.set(e.getKey(), toJsonValue(e.getValue()));
        }
        return node;
    }

    /** @return the documents as Jackson objects, in order */
    public static List<ObjectNode> toJson(Iterable<Document> documents) {
        List<ObjectNode> out = new ArrayList<>();
        for (Document d : documents) {
            out.add(toJson(d));
        }
        return out;
    }

    /** @return one BSON value as a Jackson node */
    public static JsonNode toJsonValue(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case String s -> NODES.textNode(s);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case Boolean b -> NODES.booleanNode(b);
            case ObjectId id -> NODES.textNode(id.toHexString());
            case Date date -> NODES.textNode(JS_ISO.format(Instant.ofEpochMilli(date.getTime())));
            case Decimal128 dec -> NODES.numberNode(dec.bigDecimalValue());
            case Binary bin -> NODES.textNode(Base64.getEncoder().encodeToString(bin.getData()));
            case Map<?, ?> map -> {
                ObjectNode o = NODES.objectNode();
                map.forEach((k, v) -> o.set(String.valueOf(k), toJsonValue(v)));
                yield o;
            }
            case Collection<?> list -> {
                ArrayNode a = NODES.arrayNode();
                list.forEach(v -> a.add(toJsonValue(v)));
                yield a;
            }
            default -> NODES.textNode(value.toString());
        };
    }

    /**
     * Converts a Jackson tree to a BSON value the way the Node MongoDB driver stores a parsed JSON value: integers
     * that fit in 32 bits → int32, other integers → int64, fractions → double.
     *
     * @return a {@link Document}, {@link List}, String, Integer, Long, Double, Boolean or null
     */
    public static Object toBson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Document d = new Document();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                d.append(e.getKey(), toBson(e.getValue()));
            }
            return d;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(v -> list.add(toBson(v)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue()
                    : node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** @return {@link #toBson} of an object node, typed */
    public static Document toDocument(ObjectNode node) {
        return (Document) toBson(node);
    }
}
