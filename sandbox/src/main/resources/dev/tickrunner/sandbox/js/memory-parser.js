// tickrunner's Memory parser: parse(text) returns what the built-in JSON.parse(text) returns, a fresh object graph
// that no script can tell from the built-in's (same values, -0 included, own keys in the same order, plain data
// properties, %Object.prototype% and %Array.prototype%), or, for text it does not take, the built-in's own result or
// error, by calling it. Used by runtime-driver.js for the Memory getter and the parse ahead of the player's clock.
//
// Why (issue #9): GraalJS's JSON.parse is Java code outside Truffle's compilation that reads every character through
// an uncached TruffleString node and adds every property on the generic path: 500 KB of Memory took 4.7-7 ms where
// V8 takes 2.0. This parser is one function, so that Truffle's latency mode (one tier, no inlining) compiles all of
// it into one unit, and it builds each object with an object literal made once per key sequence (a factory from the
// host, one compiled copy for every context), which creates the data properties in one step, as JSON.parse does.
//
// What it leaves to the built-in (by calling it): text under MIN_LENGTH characters, control characters, invalid
// escapes, malformed text, nesting deeper than MAX_DEPTH, and any environment a script changed where the parse would
// notice (String.prototype's charCodeAt, substring or startsWith replaced; an array-index property on
// Array.prototype or Object.prototype; Array.prototype's prototype changed). Escapes in keys are taken, but such an
// object is built on the generic path. None of its own operations reach a getter, setter or proxy a script could
// have installed.
'use strict';
const host = require('tickrunner:host');

const builtinJsonParse = JSON.parse;
const StringPrototype = String.prototype;
const ArrayPrototype = Array.prototype;
const ObjectPrototype = Object.prototype;
const objectCreate = Object.create;
const objectDefineProperty = Object.defineProperty;
const objectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const objectGetPrototypeOf = Object.getPrototypeOf;
const objectHasOwn = Object.hasOwn;
const reflectOwnKeys = Reflect.ownKeys;
const stringFromCharCode = String.fromCharCode;
const stringMethods = [
    ['charCodeAt', StringPrototype.charCodeAt],
    ['substring', StringPrototype.substring],
    ['startsWith', StringPrototype.startsWith]
];

/**
 * Shorter text is left to the built-in: its cost per character matters only in large texts, and this parser's fixed
 * cost (the environment check, and the interpreter until Truffle compiles this function, a call a tick) would not pay.
 */
const MIN_LENGTH = 4096;
/** Deeper nesting is left to the built-in (which has its own limit and error). */
const MAX_DEPTH = 1000;
/** Objects with more keys are built on the generic path (Memory.creeps-like maps would make one factory each). */
const MAX_FACTORY_KEYS = 32;
/** Key-sequence trie nodes per context; objects whose keys need more are built on the generic path. */
const MAX_TRIE_NODES = 4096;

const BAIL = objectCreate(null);

// One node per key sequence seen at the start of an object; `hot` is the child taken last, tried first by comparing
// the text in place (no key string made). Only keys read without escapes get nodes, so a hot key never holds '"',
// '\' or a control character, and matching it against the raw text is exact.
function trieNode(key, parent) {
    return {key: key, len: key === null ? 0 : key.length, parent: parent, depth: parent === null ? 0 : parent.depth + 1,
        children: objectCreate(null), hot: null, factory: null};
}
const root = trieNode(null, null);
let trieNodes = 0;

function childOf(node, key) {
    let child = node.children[key];
    if (child === undefined) {
        if (trieNodes >= MAX_TRIE_NODES || node.depth >= MAX_FACTORY_KEYS) {
            return null;
        }
        child = node.children[key] = trieNode(key, node);
        trieNodes++;
    }
    node.hot = child;
    return child;
}

// An object whose keys have no factory: a data property per key. A plain assignment does what CreateDataProperty
// does unless Object.prototype (the only object on a fresh object's chain) has that key, a setter or read-only
// property perhaps; those keys, __proto__ among them, are defined instead.
function genericObject(keys, values, base, end) {
    const o = {};
    for (let j = base; j < end; j++) {
        const key = keys[j];
        if (objectHasOwn(ObjectPrototype, key)) {
            objectDefineProperty(o, key, {__proto__: null, value: values[j], writable: true, enumerable: true,
                configurable: true});
        } else {
            o[key] = values[j];
        }
    }
    return o;
}

function isArrayIndex(key) {
    return typeof key === 'string' && key !== '4294967295' && '' + (key >>> 0) === key;
}

// Whether the parse's own operations reach only built-in behaviour: the string methods it calls are the
// built-ins, and a write to a new index of its own work arrays meets no accessor on their prototype chain.
function environmentIsPristine() {
    for (let m = 0; m < stringMethods.length; m++) {
        const descriptor = objectGetOwnPropertyDescriptor(StringPrototype, stringMethods[m][0]);
        if (descriptor === undefined || !objectHasOwn(descriptor, 'value') || descriptor.value !== stringMethods[m][1]) {
            return false;
        }
    }
    return objectGetPrototypeOf(ArrayPrototype) === ObjectPrototype && !hasIndexKey(ArrayPrototype)
        && !hasIndexKey(ObjectPrototype);
}

// Own keys list array indices first, ascending: the first key tells.
function hasIndexKey(o) {
    const ownKeys = reflectOwnKeys(o);
    return ownKeys.length > 0 && isArrayIndex(ownKeys[0]);
}

// A string with escapes, between the quotes at s - 1 and e; throws BAIL for an escape JSON does not have.
function unescapeString(text, s, e) {
    let out = '';
    let from = s;
    for (let i = s; i < e; i++) {
        if (text.charCodeAt(i) !== 92) {
            continue;
        }
        out += text.substring(from, i);
        const c = text.charCodeAt(i + 1);
        if (c === 34 || c === 92 || c === 47) {
            out += stringFromCharCode(c);
        } else if (c === 98) {
            out += '\b';
        } else if (c === 102) {
            out += '\f';
        } else if (c === 110) {
            out += '\n';
        } else if (c === 114) {
            out += '\r';
        } else if (c === 116) {
            out += '\t';
        } else if (c === 117) {
            let code = 0;
            for (let h = i + 2; h < i + 6; h++) {
                const d = text.charCodeAt(h);
                const digit = d >= 48 && d <= 57 ? d - 48 : d >= 97 && d <= 102 ? d - 87 : d >= 65 && d <= 70 ? d - 55 : -1;
                if (digit < 0 || h >= e) {
                    throw BAIL;
                }
                code = code * 16 + digit;
            }
            out += stringFromCharCode(code);
            i += 4;
        } else {
            throw BAIL;
        }
        i++;
        from = i + 1;
    }
    return out + text.substring(from, e);
}

// The factory of the key sequence that ends at `node`: its keys read back along the parent links, once per node.
function objectFactory(node) {
    if (node.factory === null) {
        const keys = [];
        for (let x = node; x.parent !== null; x = x.parent) {
            keys[x.depth - 1] = x.key;
        }
        node.factory = host.jsonObjectFactory(keys);
    }
    return node.factory;
}

// The parse: one loop over the text with an explicit stack of open objects and arrays; values of open containers
// wait in `values` (keys in `keys`) from their container's base index until it closes.
function parseFast(text) {
    const n = text.length;
    const values = [];
    const keys = [];
    const kinds = [];   // per open container: 0 object, 1 array
    const nodes = [];   // per open container: the enclosing object's trie node, restored when it closes
    const bases = [];   // per open container: its first value's index in `values`
    const pending = []; // per open container: the key the enclosing object will store it under
    let depth = 0;
    let vp = 0;
    let node = null;
    let key = null;
    let i = 0;
    let c = 0;
    let value;
    let readKey = false; // whether a key and ':' of the innermost open object come before the next value
    for (;;) {
        if (readKey) {
            while ((c = text.charCodeAt(i)) === 32 || c === 10 || c === 13 || c === 9) {
                i++;
            }
            if (c !== 34) {
                throw BAIL;
            }
            const hot = node === null ? null : node.hot;
            if (hot !== null && text.charCodeAt(i + 1 + hot.len) === 34 && text.startsWith(hot.key, i + 1)) {
                i += hot.len + 2;
                node = hot;
                key = hot.key;
            } else {
                const s = ++i;
                let escaped = false;
                while ((c = text.charCodeAt(i)) !== 34) {
                    if (c === 92) {
                        escaped = true;
                        i += 2;
                    } else if (c < 32 || c !== c) {
                        throw BAIL; // a control character, or the end of the text (NaN)
                    } else {
                        i++;
                    }
                }
                key = escaped ? unescapeString(text, s, i) : text.substring(s, i);
                node = escaped || node === null ? null : childOf(node, key);
                i++;
            }
            keys[vp] = key;
            while ((c = text.charCodeAt(i)) === 32 || c === 10 || c === 13 || c === 9) {
                i++;
            }
            if (c !== 58) {
                throw BAIL;
            }
            i++;
            readKey = false;
        }
        while ((c = text.charCodeAt(i)) === 32 || c === 10 || c === 13 || c === 9) {
            i++;
        }
        if (c === 34) {
            const s = ++i;
            let escaped = false;
            while ((c = text.charCodeAt(i)) !== 34) {
                if (c === 92) {
                    escaped = true;
                    i += 2;
                } else if (c < 32 || c !== c) {
                    throw BAIL; // a control character, or the end of the text (NaN)
                } else {
                    i++;
                }
            }
            value = escaped ? unescapeString(text, s, i) : text.substring(s, i);
            i++;
        } else if (c === 123 || c === 91) {
            const isObject = c === 123;
            i++;
            while ((c = text.charCodeAt(i)) === 32 || c === 10 || c === 13 || c === 9) {
                i++;
            }
            if (c === (isObject ? 125 : 93)) {
                i++;
                value = isObject ? {} : [];
            } else {
                if (depth >= MAX_DEPTH) {
                    throw BAIL;
                }
                kinds[depth] = isObject ? 0 : 1;
                nodes[depth] = node;
                bases[depth] = vp;
                pending[depth] = key;
                depth++;
                if (isObject) {
                    node = root;
                    readKey = true;
                }
                continue;
            }
        } else if (c === 45 || (c >= 48 && c <= 57)) {
            const s = i;
            const negative = c === 45;
            if (negative) {
                c = text.charCodeAt(++i);
            }
            let v = 0;
            let digits = 0;
            if (c === 48) {
                c = text.charCodeAt(++i);
                digits = 1;
            } else {
                while (c >= 48 && c <= 57) {
                    v = v * 10 + (c - 48);
                    digits++;
                    c = text.charCodeAt(++i);
                }
            }
            if (digits === 0) {
                throw BAIL;
            }
            if (c === 46 || c === 101 || c === 69 || digits > 9) {
                if (c === 46) {
                    c = text.charCodeAt(++i);
                    if (!(c >= 48 && c <= 57)) {
                        throw BAIL;
                    }
                    while (c >= 48 && c <= 57) {
                        c = text.charCodeAt(++i);
                    }
                }
                if (c === 101 || c === 69) {
                    c = text.charCodeAt(++i);
                    if (c === 43 || c === 45) {
                        c = text.charCodeAt(++i);
                    }
                    if (!(c >= 48 && c <= 57)) {
                        throw BAIL;
                    }
                    while (c >= 48 && c <= 57) {
                        c = text.charCodeAt(++i);
                    }
                }
                value = +text.substring(s, i);
            } else if (negative) {
                value = v === 0 ? -0 : -v;
            } else {
                value = v | 0; // at most 9 digits: an int, as the built-in makes it
            }
        } else if (c === 116 && text.startsWith('true', i)) {
            i += 4;
            value = true;
        } else if (c === 102 && text.startsWith('false', i)) {
            i += 5;
            value = false;
        } else if (c === 110 && text.startsWith('null', i)) {
            i += 4;
            value = null;
        } else {
            throw BAIL;
        }
        // A value is complete: store it in its container, and close every container it completes.
        for (;;) {
            if (depth === 0) {
                while ((c = text.charCodeAt(i)) === 32 || c === 10 || c === 13 || c === 9) {
                    i++;
                }
                if (i !== n) {
                    throw BAIL;
                }
                return value;
            }
            values[vp++] = value;
            while ((c = text.charCodeAt(i)) === 32 || c === 10 || c === 13 || c === 9) {
                i++;
            }
            i++;
            if (c === 44) {
                readKey = kinds[depth - 1] === 0;
                break;
            }
            depth--;
            const base = bases[depth];
            if (c === 125 && kinds[depth] === 0) {
                value = node !== null ? objectFactory(node)(values, base) : genericObject(keys, values, base, vp);
            } else if (c === 93 && kinds[depth] === 1) {
                // Element by element into a fresh array, as the built-in does: an all-integer array gets GraalJS's
                // integer storage (which JSON.stringify reads faster), and with no array-index property on its
                // prototypes (environmentIsPristine) each write creates a data property, as CreateDataProperty does.
                const array = [];
                for (let q = base; q < vp; q++) {
                    array[q - base] = values[q];
                }
                value = array;
            } else {
                throw BAIL;
            }
            vp = base;
            node = nodes[depth];
            key = keys[base] = pending[depth];
        }
    }
}

/**
 * @param text a string
 * @return JSON.parse(text) (the built-in's, errors included)
 */
exports.parse = function (text) {
    if (text.length >= MIN_LENGTH && environmentIsPristine()) {
        try {
            return parseFast(text);
        } catch (e) {
            if (e !== BAIL) {
                throw e;
            }
        }
    }
    return builtinJsonParse(text);
};
