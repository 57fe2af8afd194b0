package dev.tickrunner.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The id rule of screepsmod-mongo: an {@code _id} that is a 24-digit lowercase hex string is stored and queried as
 * an ObjectId; every other id (the imported world's 15-digit ids, {@code "2"}, room names) stays a string. Only
 * {@code _id} is converted; {@code user} and other id fields are always strings.
 *
 * <p>Mirrors: screepsmod-mongo lib/common/_connect.js keyToId (regex {@code /^[a-f0-9]{24}$/}).
 */
public final class MongoIds {
    private static final Pattern OBJECT_ID = Pattern.compile("^[a-f0-9]{24}$");

    private MongoIds() {
    }

    /** @return the value to store or query for this {@code _id}: an ObjectId for 24-hex text, else unchanged */
    public static Object keyToId(Object id) {
        if (id instanceof String s && OBJECT_ID.matcher(s).matches()) {
            return new ObjectId(s);
        }
        return id;
    }

    /** @return the filter {@code {_id: keyToId(id)}} */
    public static Bson byId(String id) {
        return new Document("_id", keyToId(id));
    }

    /** @return the filter {@code {_id: {$in: ids mapped by keyToId}}} */
    public static Bson byIds(List<String> ids) {
        List<Object> converted = new ArrayList<>(ids.size());
        ids.forEach(i -> converted.add(keyToId(i)));
        return new Document("_id", new Document("$in", converted));
    }
}
