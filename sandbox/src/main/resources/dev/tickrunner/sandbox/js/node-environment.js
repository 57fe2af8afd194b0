// tickrunner: the JavaScript environment of a player context made to match the Node 20 isolate of the private server
// (V8 11.3), where GraalJS differs in what player code can observe (issue #11; RecordedProbeConformanceTest). Runs
// once per context, before any other code. The context runs at js.ecmascript-version 2024 (SandboxFactory), which is
// Node 20's level plus a few ES2024 built-ins V8 11.3 does not have yet; those are removed here. Bots feature-detect:
// a built-in too many or too few changes what they do.
'use strict';

// Mirrors: V8 11.3's built-ins. ES2024 parts that came with V8 11.7+ (Node 21/22), and GraalJS's own global
// `arguments` (the launcher's arguments, which V8 has no notion of).
const NEWER_THAN_NODE_20 = [
    [Object, 'groupBy'], [Map, 'groupBy'], [Promise, 'withResolvers'], [Array, 'fromAsync'],
    [ArrayBuffer.prototype, 'transfer'], [ArrayBuffer.prototype, 'transferToFixedLength'],
    [ArrayBuffer.prototype, 'detached'], [globalThis, 'arguments']];
for (const [owner, name] of NEWER_THAN_NODE_20) {
    delete owner[name];
}

const ErrorFn = Error;
const TypeErrorFn = TypeError;
const StringFn = String;
const defineProperty = Object.defineProperty;
const stringSplit = String.prototype.split;
const arraySlice = Array.prototype.slice;
const arrayJoin = Array.prototype.join;
const stringStartsWith = String.prototype.startsWith;
const stringIncludes = String.prototype.includes;
const reflectApply = Reflect.apply;

/** V8's header line of a stack: ErrorUtils::ToString (name defaults to "Error", message to ""). */
function errorHeader(target) {
    const name = target.name === undefined ? 'Error' : StringFn(target.name);
    const message = target.message === undefined ? '' : StringFn(target.message);
    if (name === '') {
        return message;
    }
    return message === '' ? name : name + ': ' + message;
}

/** Whether one formatted frame (`    at <name> (...)`) is a call of a function with this name. */
function frameCalls(frame, name) {
    return reflectApply(stringStartsWith, frame, ['    at ' + name + ' '])
        || reflectApply(stringStartsWith, frame, ['    at new ' + name + ' '])
        || reflectApply(stringIncludes, frame, ['.' + name + ' (']);
}

/**
 * V8's Error.captureStackTrace(targetObject[, constructorOpt]): gives targetObject a non-enumerable `stack`, the
 * header line formatted when `stack` is first read (as V8 does, so a `name` set after the call still shows) and the
 * frames of the caller; with constructorOpt, only the frames below its latest call (none if it is not on the stack).
 * At most Error.stackTraceLimit frames. Deviates from V8: the frames are GraalJS's text.
 */
function captureStackTrace(targetObject, constructorOpt) {
    if (targetObject === null || (typeof targetObject !== 'object' && typeof targetObject !== 'function')) {
        throw new TypeErrorFn('Invalid argument');
    }
    const holder = new ErrorFn();
    let frames = reflectApply(arraySlice, reflectApply(stringSplit, StringFn(holder.stack), ['\n']), [2]);
    if (typeof constructorOpt === 'function') {
        const name = StringFn(constructorOpt.name);
        let below = -1;
        for (let i = 0; name !== '' && i < frames.length; i++) {
            if (frameCalls(frames[i], name)) {
                below = i + 1;
                break;
            }
        }
        frames = below < 0 ? [] : reflectApply(arraySlice, frames, [below]);
    }
    const limit = ErrorFn.stackTraceLimit;
    if (typeof limit === 'number' && limit >= 0 && limit < frames.length) {
        frames = reflectApply(arraySlice, frames, [0, limit]);
    }
    const trace = frames.length === 0 ? '' : '\n' + reflectApply(arrayJoin, frames, ['\n']);
    defineProperty(targetObject, 'stack', {
        configurable: true,
        enumerable: false,
        get: function () {
            const stack = errorHeader(targetObject) + trace;
            defineProperty(targetObject, 'stack', {value: stack, writable: true, configurable: true, enumerable: false});
            return stack;
        },
        set: function (value) {
            defineProperty(targetObject, 'stack', {value, writable: true, configurable: true, enumerable: false});
        }
    });
}

// Mirrors: V8's Error.captureStackTrace and Error.stackTraceLimit (10), both writable, non-enumerable.
defineProperty(ErrorFn, 'captureStackTrace', {value: captureStackTrace, writable: true, configurable: true});
defineProperty(ErrorFn, 'stackTraceLimit', {value: 10, writable: true, configurable: true, enumerable: true});

const numberToString = Number.prototype.toString;
const numberValueOf = Number.prototype.valueOf;
const isInteger = Number.isInteger;
const mathFloor = Math.floor;
const mathMax = Math.max;
const mathAbs = Math.abs;
const mathTrunc = Math.trunc;
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const TWO_POW_53 = 9007199254740992;

/** The next double above a finite x ≥ 0 (V8's Double::NextDouble). */
function nextDouble(x) {
    if (x === 0) {
        return Number.MIN_VALUE;
    }
    bits[0] = x;
    if (words[0] === 0xffffffff) {
        words[0] = 0;
        words[1] += 1;
    } else {
        words[0] += 1;
    }
    return bits[0];
}

/**
 * V8's DoubleToRadixCString (src/numbers/conversions.cc) for a finite value: fraction digits only up to the double's
 * precision (rounded half to even, with carry), and integer digits beyond 2^53 written as zeros.
 */
function doubleToRadix(value, radix) {
    const negative = value < 0;
    if (negative) {
        value = -value;
    }
    let integer = mathFloor(value);
    let fraction = value - integer;
    let delta = mathMax(0.5 * (nextDouble(value) - value), Number.MIN_VALUE);
    const fractionDigits = [];
    if (fraction >= delta) {
        do {
            fraction *= radix;
            delta *= radix;
            const digit = fraction | 0;
            fractionDigits.push(digit);
            fraction -= digit;
            if (fraction > 0.5 || (fraction === 0.5 && (digit & 1))) {
                if (fraction + delta > 1) {
                    // Round up, carrying over already written digits (into the integer part past the first).
                    let i = fractionDigits.length - 1;
                    while (i >= 0 && fractionDigits[i] + 1 >= radix) {
                        i--;
                    }
                    if (i < 0) {
                        fractionDigits.length = 0;
                        integer += 1;
                    } else {
                        fractionDigits[i] += 1;
                        fractionDigits.length = i + 1;
                    }
                    break;
                }
            }
        } while (fraction >= delta);
    }
    let integerText = '';
    // V8: while (Double(integer / radix).Exponent() > 0), i.e. integer / radix >= 2^53.
    while (integer / radix >= TWO_POW_53) {
        integer /= radix;
        integerText = '0' + integerText;
    }
    do {
        const remainder = integer % radix;
        integerText = DIGITS[remainder | 0] + integerText; // static_cast<int>: past 2^53 the quotients carry fractions
        integer = (integer - remainder) / radix;
    } while (integer > 0);
    let text = negative ? '-' + integerText : integerText;
    if (fractionDigits.length > 0) {
        text += '.';
        for (const digit of fractionDigits) {
            text += DIGITS[digit];
        }
    }
    return text;
}

/**
 * Number.prototype.toString with V8's digits for radix ≠ 10 where GraalJS's differ (fractions, and integers at or above
 * 2^53); everything else, including this-type and radix checks and their errors, is the built-in's.
 */
const toString = {
    toString(radix) {
        const text = reflectApply(numberToString, this, [radix]);
        if (radix === undefined || radix === 10) {
            return text;
        }
        const value = reflectApply(numberValueOf, this, []);
        if (value !== value || value === Infinity || value === -Infinity
                || (isInteger(value) && mathAbs(value) < TWO_POW_53)) {
            return text;
        }
        return doubleToRadix(value, mathTrunc(+radix));
    }
}.toString;
defineProperty(Number.prototype, 'toString', {value: toString, writable: true, configurable: true, enumerable: false});

/**
 * Replaces Date.prototype[name] with a method of the same name (and length 0, as all of these have) that returns
 * fix(what the built-in returns for the same receiver and arguments).
 */
function fixDateResult(name, fix) {
    const builtin = Date.prototype[name];
    const method = {
        [name]() {
            return fix(reflectApply(builtin, this, arguments));
        }
    }[name];
    defineProperty(Date.prototype, name, {value: method, writable: true, configurable: true, enumerable: false});
}

// Mirrors: V8's Date strings in UTC, `Sat Feb 29 2020 13:05:09 GMT+0000 (Coordinated Universal Time)`, where GraalJS
// writes `(GMT)`; only when player code's zone is UTC (NodeTimeZone: a UTC server, the common case). Other zones keep
// GraalJS's names, and so does `Date()` called as a function (not through these methods).
if (require('tickrunner:host').utcTimeZone()) {
    const stringEndsWith = String.prototype.endsWith;
    const stringSlice = String.prototype.slice;
    const GRAAL_UTC = ' (GMT)';
    const V8_UTC = ' (Coordinated Universal Time)';
    const v8ZoneName = function (text) {
        return reflectApply(stringEndsWith, text, [GRAAL_UTC])
            ? reflectApply(stringSlice, text, [0, text.length - GRAAL_UTC.length]) + V8_UTC : text;
    };
    fixDateResult('toString', v8ZoneName);
    fixDateResult('toTimeString', v8ZoneName);
}

// Mirrors: V8 11.3's date and time formatting, which writes U+0020 where ICU 72+ (GraalJS's) puts U+202F NARROW NO-BREAK
// SPACE before the day period (`1:05:09 PM`; V8 replaces it for web compatibility). Date's toLocale*String and the
// function Intl.DateTimeFormat.prototype.format returns; formatToParts and formatRange keep ICU's character.
{
    const NARROW_NBSP = /\u202f/g;
    const stringReplace = String.prototype.replace;
    const withSpace = function (text) {
        return typeof text === 'string' ? reflectApply(stringReplace, text, [NARROW_NBSP, ' ']) : text;
    };
    fixDateResult('toLocaleString', withSpace);
    fixDateResult('toLocaleDateString', withSpace);
    fixDateResult('toLocaleTimeString', withSpace);
    const formatGetter = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'format').get;
    const formatters = new WeakMap();
    const weakMapGet = WeakMap.prototype.get;
    const weakMapSet = WeakMap.prototype.set;
    const formatAccessor = {
        get format() {
            const bound = reflectApply(formatGetter, this, []);
            let format = reflectApply(weakMapGet, formatters, [bound]);
            if (format === undefined) {
                format = [(date) => withSpace(bound(date))][0]; // anonymous, as V8's bound format function
                reflectApply(weakMapSet, formatters, [bound, format]);
            }
            return format;
        }
    };
    defineProperty(Intl.DateTimeFormat.prototype, 'format', {configurable: true, enumerable: false,
        get: Object.getOwnPropertyDescriptor(formatAccessor, 'format').get});
}
