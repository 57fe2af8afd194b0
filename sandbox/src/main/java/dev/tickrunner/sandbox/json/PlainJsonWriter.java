package dev.tickrunner.sandbox.json;

import com.oracle.truffle.api.object.Location;
import com.oracle.truffle.api.object.Property;
import com.oracle.truffle.api.object.Shape;
import com.oracle.truffle.api.strings.TruffleString;
import com.oracle.truffle.js.runtime.JSRuntime;
import com.oracle.truffle.js.runtime.SafeInteger;
import com.oracle.truffle.js.runtime.Strings;
import com.oracle.truffle.js.runtime.array.ScriptArray;
import com.oracle.truffle.js.runtime.builtins.JSAbstractArray;
import com.oracle.truffle.js.runtime.builtins.JSArrayObject;
import com.oracle.truffle.js.runtime.builtins.JSOrdinary;
import com.oracle.truffle.js.runtime.objects.JSDynamicObject;
import com.oracle.truffle.js.runtime.objects.JSObject;
import com.oracle.truffle.js.runtime.objects.JSOrdinaryObject;
import com.oracle.truffle.js.runtime.objects.JSProperty;
import com.oracle.truffle.js.runtime.objects.Null;
import com.oracle.truffle.js.runtime.objects.Undefined;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code JSON.stringify(value)} (no replacer, no indent) for plain data, in Java: the text GraalJS's built-in would
 * return, or {@code null} when the value holds anything this writer does not take, so that the caller runs the
 * built-in instead. Taking nothing but data properties and array elements, it runs no script code (no getter, proxy
 * trap or {@code toJSON}), so a {@code null} after a partial walk has had no effect a script could see.
 *
 * <p>What it takes: {@code null}, booleans, strings, numbers (int, double, safe integer), ordinary objects whose
 * prototype is {@code Object.prototype} or {@code null} and whose own properties are all data properties, arrays
 * (GraalJS {@code JSArrayObject}) whose prototype is {@code Array.prototype} and which have no holes, and
 * {@code undefined} as a property value (left out) or an array element ({@code null}) — nested at most
 * {@link #MAX_DEPTH} deep, none holding itself, and only while neither prototype nor the object itself has a
 * {@code toJSON} property. Everything else (functions, symbols, BigInts, wrapper objects, dates, class instances,
 * proxies, typed arrays, accessors, holes, cycles, dictionary-mode objects, text over {@link #MAX_CHARS}) is left to
 * the built-in, whose errors (a cycle's TypeError, a BigInt's) are then the player's as on Node.
 *
 * <p>Why (issue #9): the built-in serialises every character through an uncached TruffleString read and append and
 * looks up each property and {@code toJSON} by key; for the 499 KB Memory of {@code memory.tick1.json} that was
 * 4.2-4.7 ms of the player's CPU where V8 takes 1.3. This writer reads each object's properties through a plan made
 * once per shape (the keys, already quoted, and their locations) and appends whole strings.
 *
 * <p>Output equals the built-in's: keys in {@link JSObject#enumerableOwnNames} order (the built-in's own call),
 * numbers by {@link JSRuntime#doubleToString(double)}, NaN and infinities as {@code null}, strings escaped as
 * ECMAScript's QuoteJSONString does (well-formed: a lone surrogate as {@code \\udxxx}, lower-case hex).
 *
 * <p>Thread-safe: one writer serves every context of an engine; the shape plans are shared (shapes are shared by
 * the contexts of one engine) in a map cleared when it passes {@link #MAX_PLANS}.
 */
public final class PlainJsonWriter {
    /** Deeper nesting is left to the built-in (it has its own limit and RangeError). */
    static final int MAX_DEPTH = 256;
    /** Longer text is left to the built-in (its string length limit and RangeError), chars. */
    static final int MAX_CHARS = 256 * 1024 * 1024;
    /** Shape plans kept before the map is cleared. */
    static final int MAX_PLANS = 8192;

    /** A shape whose objects this writer does not take. */
    private static final Plan NOT_PLAIN = new Plan(new String[0], new byte[0][], new Location[0]);

    private final ConcurrentHashMap<Shape, Plan> plans = new ConcurrentHashMap<>();

    /**
     * @param value           the value to serialise (a GraalJS value: a {@link JSDynamicObject}, {@link TruffleString},
     *                        boxed number, {@link Boolean}, {@link Null#instance} or {@link Undefined#instance})
     * @param objectPrototype the context's {@code Object.prototype}
     * @param arrayPrototype  the context's {@code Array.prototype}
     * @return {@code JSON.stringify(value)} as a UTF-16 TruffleString, or {@code null}: left to the built-in
     */
    public TruffleString write(Object value, JSDynamicObject objectPrototype, JSDynamicObject arrayPrototype) {
        if (!noToJson(objectPrototype) || !noToJson(arrayPrototype)
                || JSObject.getPrototype(arrayPrototype) != objectPrototype) {
            return null;
        }
        Walk walk = new Walk(objectPrototype, arrayPrototype);
        if (value == Undefined.instance || !walk.value(value, 0)) {
            return null;
        }
        return walk.out.toTruffleString();
    }

    private static boolean noToJson(JSDynamicObject object) {
        return object.getShape().getProperty(Strings.TO_JSON) == null;
    }

    /** One call's state: the text so far and the objects being serialised (for cycles). */
    private final class Walk {
        final JsonText out = new JsonText();
        final JSDynamicObject objectPrototype;
        final JSDynamicObject arrayPrototype;
        final Object[] open = new Object[MAX_DEPTH];

        Walk(JSDynamicObject objectPrototype, JSDynamicObject arrayPrototype) {
            this.objectPrototype = objectPrototype;
            this.arrayPrototype = arrayPrototype;
        }

        /** Appends a value that is not undefined; false: leave it to the built-in. */
        boolean value(Object v, int depth) {
            if (v instanceof TruffleString s) {
                out.quoted(s);
                return true;
            } else if (v instanceof Integer i) {
                out.integer(i.intValue());
                return true;
            } else if (v instanceof Double d) {
                double x = d;
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    out.ascii("null");
                } else {
                    out.ascii(JSRuntime.doubleToString(x).toJavaStringUncached());
                }
                return true;
            } else if (v instanceof Boolean b) {
                out.ascii(b.booleanValue() ? "true" : "false");
                return true;
            } else if (v == Null.instance) {
                out.ascii("null");
                return true;
            } else if (v instanceof SafeInteger si) {
                out.ascii(Long.toString(si.longValue()));
                return true;
            } else if (v instanceof JSArrayObject array) {
                return array(array, depth);
            } else if (v instanceof JSOrdinaryObject object) {
                return object(object, depth);
            }
            return false;
        }

        private boolean enter(Object container, int depth) {
            if (depth >= MAX_DEPTH || out.length() > MAX_CHARS) {
                return false;
            }
            for (int i = 0; i < depth; i++) {
                if (open[i] == container) {
                    return false;
                }
            }
            open[depth] = container;
            return true;
        }

        private boolean object(JSOrdinaryObject object, int depth) {
            JSDynamicObject prototype = JSObject.getPrototype(object);
            if (prototype != objectPrototype && prototype != Null.instance) {
                return false;
            }
            Shape shape = object.getShape();
            Plan plan = plans.get(shape);
            if (plan == null) {
                plan = plan(object, shape);
                if (plans.size() >= MAX_PLANS) {
                    plans.clear();
                }
                plans.put(shape, plan);
            }
            if (plan == NOT_PLAIN || !enter(object, depth)) {
                return false;
            }
            out.ascii('{');
            boolean first = true;
            for (int k = 0; k < plan.keys.length; k++) {
                Object v = plan.locations[k].get(object, shape);
                if (v == Undefined.instance) {
                    continue;
                }
                if (!first) {
                    out.ascii(',');
                }
                first = false;
                out.key(plan.keys[k], plan.latin1Keys[k]);
                if (!value(v, depth + 1)) {
                    return false;
                }
            }
            out.ascii('}');
            open[depth] = null;
            return true;
        }

        private boolean array(JSArrayObject array, int depth) {
            if (JSObject.getPrototype(array) != arrayPrototype || !noToJson(array) || !enter(array, depth)) {
                return false;
            }
            long length = JSAbstractArray.arrayGetLength(array);
            ScriptArray elements = JSAbstractArray.arrayGetArrayType(array);
            if (length > 0 && (elements.isHolesType() || elements.hasHoles(array)
                    || elements.firstElementIndex(array) != 0 || elements.lastElementIndex(array) != length - 1)) {
                return false;
            }
            out.ascii('[');
            for (long i = 0; i < length; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                Object v = elements.getElement(array, i);
                if (v == Undefined.instance) {
                    out.ascii("null");
                } else if (!value(v, depth + 1)) {
                    return false;
                }
            }
            out.ascii(']');
            open[depth] = null;
            return true;
        }
    }

    /**
     * The plan of a shape whose objects are plain: their enumerable own string keys in the built-in's order, each
     * quoted with its colon, and where each value is. {@link #NOT_PLAIN} for anything else (not an ordinary object
     * of the ordinary class, an accessor or special property, a {@code toJSON} property of any kind).
     */
    private static Plan plan(JSOrdinaryObject object, Shape shape) {
        if (JSObject.getJSClass(object) != JSOrdinary.INSTANCE || !object.hasOnlyShapeProperties()
                || shape.getProperty(Strings.TO_JSON) != null) {
            return NOT_PLAIN;
        }
        List<TruffleString> names = JSObject.enumerableOwnNames(object);
        String[] keys = new String[names.size()];
        byte[][] latin1Keys = new byte[names.size()][];
        Location[] locations = new Location[names.size()];
        for (int k = 0; k < keys.length; k++) {
            Property property = shape.getProperty(names.get(k));
            if (property == null || !JSProperty.isData(property) || JSProperty.isDataSpecial(property)) {
                return NOT_PLAIN;
            }
            StringBuilder key = new StringBuilder();
            quote(key, names.get(k).toJavaStringUncached());
            keys[k] = key.append(':').toString();
            latin1Keys[k] = JsonText.latin1(keys[k]);
            locations[k] = property.getLocation();
        }
        return new Plan(keys, latin1Keys, locations);
    }

    /**
     * Appends a string as ECMAScript's QuoteJSONString does (ES2019+ well-formed JSON.stringify, as GraalJS's
     * {@code JSONStringifyStringNode.jsonQuote} and V8).
     */
    static void quote(StringBuilder out, CharSequence s) {
        out.append('"');
        int n = s.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, from, n).append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** keys: each quoted with its colon; latin1Keys: the same as ISO-8859-1 bytes, or null where it has wider chars. */
    private record Plan(String[] keys, byte[][] latin1Keys, Location[] locations) {
    }
}
