// Probe (issue #11, point 5): the ECMAScript level player code sees must be Node 20's (V8 11.3): no newer built-ins,
// none missing, and no global that V8 does not have. Bots feature-detect, so a built-in too many changes what they do.
const names = ['Object.groupBy', 'Map.groupBy', 'Promise.withResolvers', 'Array.fromAsync', 'Iterator',
    'Float16Array', 'Math.f16round', 'Set.prototype.union', 'Set.prototype.intersection',
    'ArrayBuffer.prototype.transfer', 'ArrayBuffer.prototype.detached', 'ArrayBuffer.prototype.resize',
    'String.prototype.isWellFormed', 'String.prototype.toWellFormed', 'Array.prototype.toSorted',
    'Array.prototype.findLast', 'Array.prototype.at', 'Object.hasOwn', 'Atomics.waitAsync', 'RegExp.prototype.unicodeSets',
    'Error.prototype.cause', 'structuredClone', 'WeakRef', 'FinalizationRegistry', 'AggregateError', 'Intl.Segmenter',
    'SharedArrayBuffer', 'Atomics', 'globalThis.arguments', 'globalThis.Graal', 'globalThis.print', 'globalThis.load',
    'globalThis.Polyglot', 'globalThis.Java', 'globalThis.console'];
function lookup(path) {
    let value = globalThis;
    for (const part of path.split('.')) {
        if (value === undefined || value === null) {
            return 'missing';
        }
        const owner = value;
        value = part === 'prototype' ? owner.prototype
            : (Object.getOwnPropertyDescriptor(owner, part) ? owner[part] : (part in Object(owner) ? owner[part] : undefined));
    }
    return typeof value;
}
module.exports.loop = function () {
    console.log(names.map(n => n + '=' + lookup(n)).join(' '));
    let v;
    try {
        v = new RegExp('[\\p{L}--[a-z]]', 'v').test('A');
    } catch (e) {
        v = e.name;
    }
    console.log('regexp v flag: ' + v + ', hasOwn arguments: ' + Object.prototype.hasOwnProperty.call(globalThis, 'arguments'));
};
