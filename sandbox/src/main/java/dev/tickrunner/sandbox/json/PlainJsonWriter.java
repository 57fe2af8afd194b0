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
import java.util.Arrays;
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
 * (GraalJS {@code JSArrayObject}) whose prototype is {@code Array.prototype} or {@code null} (the Memory getter gives
 * the top-level value a null prototype) and which have no holes, and {@code undefined} as a property value (left out)
 * or an array element ({@code null}) — nested at most
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
    /**
     * Deeper nesting is left to the built-in (whose recursion ran out of a test thread's stack at about 1,500 levels:
     * "RangeError: cannot stringify objects nested that deep"). The cycle check scans the open containers, so the cost
     * of depth d is O(d^2) compares: 50 million at this limit, tens of ms.
     */
    static final int MAX_DEPTH = 10_000;
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
        if (value == Undefined.instance || !walk.write(value)) {
            return null;
        }
        return walk.out.toTruffleString();
    }

    private static boolean noToJson(JSDynamicObject object) {
        return object.getShape().getProperty(Strings.TO_JSON) == null;
    }

    /**
     * One call's state: the text so far and the containers open (an explicit stack, not Java recursion, so that deep
     * Memory neither overflows the tick thread's stack nor depends on how much of it the caller used).
     */
    private final class Walk {
        final JsonText out = new JsonText();
        final JSDynamicObject objectPrototype;
        final JSDynamicObject arrayPrototype;
        /** The shape of the last array found to have no own toJSON: arrays of one kind share it. */
        Shape arrayShapeWithoutToJson;
        /** Per open container: the object or array, its plan (objects) or elements (arrays), the next key or index. */
        Object[] containers = new Object[16];
        Object[] plansOrElements = new Object[16];
        Shape[] shapes = new Shape[16];
        long[] next = new long[16];
        long[] lengths = new long[16];
        int depth;

        Walk(JSDynamicObject objectPrototype, JSDynamicObject arrayPrototype) {
            this.objectPrototype = objectPrototype;
            this.arrayPrototype = arrayPrototype;
        }

        /** Serialises a value that is not undefined; false: leave it to the built-in. */
        boolean write(Object root) {
            if (!valueOrOpen(root)) {
                return false;
            }
            while (depth > 0) {
                int top = depth - 1;
                Object container = containers[top];
                if (plansOrElements[top] instanceof Plan plan) {
                    JSOrdinaryObject object = (JSOrdinaryObject) container;
                    int k = (int) next[top];
                    Object v = Undefined.instance;
                    while (k < plan.keys.length
                            && (v = plan.locations[k].get(object, shapes[top])) == Undefined.instance) {
                        k++;
                    }
                    if (k == plan.keys.length) {
                        out.ascii('}');
                        close(top);
                        continue;
                    }
                    if (lengths[top] > 0) {
                        out.ascii(',');
                    }
                    lengths[top]++; // members written so far
                    next[top] = k + 1;
                    out.key(plan.keys[k], plan.latin1Keys[k]);
                    if (!valueOrOpen(v)) {
                        return false;
                    }
                } else {
                    ScriptArray elements = (ScriptArray) plansOrElements[top];
                    long i = next[top];
                    if (i == lengths[top]) {
                        out.ascii(']');
                        close(top);
                        continue;
                    }
                    if (i > 0) {
                        out.ascii(',');
                    }
                    next[top] = i + 1;
                    Object v = elements.getElement((JSArrayObject) container, i);
                    if (v == Undefined.instance) {
                        out.ascii("null");
                    } else if (!valueOrOpen(v)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Appends a value that is not undefined, or opens its container; false: leave it to the built-in. */
        private boolean valueOrOpen(Object v) {
            if (v instanceof TruffleString s) {
                out.quoted(s);
            } else if (v instanceof Integer i) {
                out.integer(i.intValue());
            } else if (v instanceof Double d) {
                double x = d;
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    out.ascii("null");
                } else {
                    out.ascii(JSRuntime.doubleToString(x).toJavaStringUncached());
                }
            } else if (v instanceof Boolean b) {
                out.ascii(b.booleanValue() ? "true" : "false");
            } else if (v == Null.instance) {
                out.ascii("null");
            } else if (v instanceof SafeInteger si) {
                out.ascii(Long.toString(si.longValue()));
            } else if (v instanceof JSArrayObject array) {
                return openArray(array);
            } else if (v instanceof JSOrdinaryObject object) {
                return openObject(object);
            } else {
                return false;
            }
            return true;
        }

        private boolean openObject(JSOrdinaryObject object) {
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
            if (plan == NOT_PLAIN || !open(object, plan, shape, 0)) {
                return false;
            }
            out.ascii('{');
            return true;
        }

        private boolean openArray(JSArrayObject array) {
            JSDynamicObject prototype = JSObject.getPrototype(array);
            if (prototype != arrayPrototype && prototype != Null.instance) {
                return false;
            }
            Shape shape = array.getShape();
            if (shape != arrayShapeWithoutToJson) {
                if (!noToJson(array)) {
                    return false;
                }
                arrayShapeWithoutToJson = shape;
            }
            long length = JSAbstractArray.arrayGetLength(array);
            ScriptArray elements = JSAbstractArray.arrayGetArrayType(array);
            if (length > 0 && (elements.isHolesType() || elements.hasHoles(array)
                    || elements.firstElementIndex(array) != 0 || elements.lastElementIndex(array) != length - 1)) {
                return false;
            }
            if (!open(array, elements, null, length)) {
                return false;
            }
            out.ascii('[');
            return true;
        }

        /** Pushes a container unless it is open already (a cycle), too deep, or the text too long. */
        private boolean open(Object container, Object planOrElements, Shape shape, long length) {
            if (depth >= MAX_DEPTH || out.length() > MAX_CHARS) {
                return false;
            }
            for (int i = 0; i < depth; i++) {
                if (containers[i] == container) {
                    return false;
                }
            }
            if (depth == containers.length) {
                int size = depth * 2;
                containers = Arrays.copyOf(containers, size);
                plansOrElements = Arrays.copyOf(plansOrElements, size);
                shapes = Arrays.copyOf(shapes, size);
                next = Arrays.copyOf(next, size);
                lengths = Arrays.copyOf(lengths, size);
            }
            containers[depth] = container;
            plansOrElements[depth] = planOrElements;
            shapes[depth] = shape;
            next[depth] = 0;
            lengths[depth] = length; // arrays: their length; objects: members written so far
            depth++;
            return true;
        }

        private void close(int top) {
            containers[top] = null;
            plansOrElements[top] = null;
            shapes[top] = null;
            depth = top;
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
