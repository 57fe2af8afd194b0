// tickrunner's `~runtime-driver`: what the engine's game code gets from utils.getRuntimeDriver() inside a player
// context. Mirrors: driver lib/runtime/runtime-driver.js (constants, evalCode, pathFinder, getWorldSize,
// bufferFromBase64, system). Module compilation goes through the host so that each player module is compiled once
// per user, module name and code timestamp, and error texts are rewritten exactly as the Node driver does.
'use strict';
const _ = require('lodash');
const host = require('tickrunner:host');
const systemFunctions = require('@screeps/driver/lib/runtime/system-functions');

function EvalCodeError(message) {
    this.toString = () => message;
}

const runtimeCache = Object.create(null);

// The sandbox's load report records the first load only: once the host says it is complete, stop telling it.
let loadReportOpen = true;
function loadStage(stage, ok, message) {
    if (loadReportOpen) {
        loadReportOpen = host.loadStage(stage, ok, message);
    }
}
const jsonStringify = systemFunctions.JSON.stringify;

exports.constants = require('@screeps/common/lib/constants');
exports.system = require('@screeps/common/lib/system');

// game.js copies the constants onto the player's global every tick: `_.extend(globals, jsonParse(jsonStringify(C)))`
// (a 23 KB round trip into a ~700-property object that GraalJS keeps as a dictionary, whose keys lodash then sorts
// and assigns one by one through the generic property path: about a tenth of a live shard's tick CPU). The host
// patches that statement to call this instead, which makes the same assignments to the global, in the same order
// (Object.keys of the copy), each of a fresh copy of the value, from compiled straight-line code generated once per
// process from the same JSON text (SandboxFactory.constantsAssignerSource): C is never written (the engine only
// reads it, players cannot reach it), so its JSON text never changes. Deviates from Node in implementation only
// (ConstantsCopyTest), except that lodash's own reads of `constructor` and `length` on its temporary copy are not
// made: only getters the player puts on Object.prototype could see them.
let constantsAssigner;
exports.assignConstants = function (globals, C, lodash, jsonParse, jsonStringify) {
    if (C === exports.constants) {
        if (constantsAssigner === undefined) {
            const text = jsonStringify(C);
            // An object literal would turn a "__proto__" key into the prototype, where JSON.parse makes an own property.
            constantsAssigner = text.indexOf('"__proto__"') < 0 ? host.constantsAssigner(text) : null;
        }
        if (constantsAssigner !== null) {
            constantsAssigner(globals);
            return;
        }
    }
    lodash.extend(globals, jsonParse(jsonStringify(C)));
};

// An empty GraalJS dictionary object: a map whose shape does not change with its keys. GraalJS turns an empty ordinary
// object into a dictionary object when an array index is its first property (JSNonProxy.isDictionaryObjectCandidate),
// and deleting that index leaves it one; keys keep the order of an ordinary object (array indices first, ascending,
// then insertion order). For the runtime data's id-keyed maps (toDictionaryObject in runtime.js) and game.js's per-tick
// maps by object id, room name or object type (the register's, populateRegister's, Game.creeps and the like), which
// the host patches to start as this instead of {} (SandboxFactory.keyedMapsAsDictionaries).
exports.keyedMap = function () {
    const map = {};
    map[0] = undefined;
    delete map[0];
    return map;
};

// utils.js defineGameObjectProperties, patched by the host: the property-info code its eval made, one compiled copy
// per property name for the whole process (see SandboxFactory.patched). One factory per name in this context.
const gameObjectPropertyFactories = Object.create(null);
exports.gameObjectPropertyInfo = function (name) {
    return gameObjectPropertyFactories[name] ||
        (gameObjectPropertyFactories[name] = host.gameObjectPropertyFactory('' + name));
};

// game.js's Memory getter, patched by the host to call parseMemory (see SandboxFactory.patched). On a sandbox's first
// tick, and when its previous tick read Memory, the runtime parses this tick's Memory text in start(), before the
// player's clock starts (preparseMemory: a new sandbox's first parse may still run in Truffle's interpreter, and a
// cold start is not the player's problem); the getter then gets that parse when it would have parsed the same text
// with the built-in JSON.parse, and otherwise parses as it did. The result is the same fresh object either way. Both
// parse with memory-parser.js where the getter would call the built-in JSON.parse: the same result, in less time.
// Deviates from Node: the parse of Memory is not on the player's CPU when it was done ahead (Node parses inside the
// getter).
const builtinJsonParse = JSON.parse;
const memoryParser = require('tickrunner:memory-parser.js');
const BuiltinSyntaxError = SyntaxError;
const BuiltinRangeError = RangeError;
const reflectApply = Reflect.apply;
// True before the first tick: a new sandbox assumes its player reads Memory, as nearly every bot does each tick.
let memoryReadThisTick = true;
let preparsedText;
let preparsedMemory;

// runtime.js start(), before the player's clock: parses the tick's Memory text on the sandbox's first tick and when the
// last tick read Memory.
exports.preparseMemory = function (text) {
    const readLastTick = memoryReadThisTick;
    memoryReadThisTick = false;
    preparsedText = preparsedMemory = undefined;
    if (!readLastTick || typeof text !== 'string') {
        return;
    }
    const source = text || '{}';
    try {
        preparsedMemory = memoryParser.parse(source);
        preparsedText = source;
    } catch (e) {
        // Malformed or too deeply nested: the getter's own JSON.parse throws the same on the player's clock.
        if (!(e instanceof BuiltinSyntaxError || e instanceof BuiltinRangeError)) {
            throw e;
        }
    }
};

// game.js Memory getter: `JSON.parse(memory.get() || "{}")`, with JSON.parse looked up first, as there.
exports.parseMemory = function (memory) {
    const json = JSON;
    const parse = json.parse;
    const text = memory.get() || '{}';
    memoryReadThisTick = true;
    const preparsed = preparsedMemory;
    const usable = preparsedText !== undefined && parse === builtinJsonParse && text === preparsedText;
    preparsedText = preparsedMemory = undefined;
    return usable ? preparsed : parse === builtinJsonParse ? memoryParser.parse(text) : reflectApply(parse, json, [text]);
};

// runtime.js finish(): a parse the player never asked for is not kept past the tick.
exports.memoryTickEnded = function () {
    preparsedText = preparsedMemory = undefined;
};

exports.bufferFromBase64 = function (base64) {
    const bytes = host.latin1FromBase64(base64);
    const result = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) {
        result[i] = bytes.charCodeAt(i);
    }
    return result;
};

exports.getWorldSize = function () {
    return host.worldSize();
};

exports.evalCode = function (module, globals, returnValue, timeout, scriptCachedData) {
    const oldModule = globals.__module || {};

    Object.defineProperty(module, '__initGlobals', {value: undefined, writable: false, configurable: false});
    Object.defineProperty(globals.require, 'initGlobals', {value: undefined, writable: false, configurable: false});

    globals.__module = module;
    if (!_.isUndefined(timeout) && timeout !== null && timeout !== 0 && timeout != Infinity) {
        // Mirrors the isolated-vm timeout of each nested runSync: every module load and the loop call get their own
        // CPU budget of max(timeout + 5, 30) ms.
        host.restartCpuBudget();
    }

    const isLoop = module.name === '__mainLoop';
    if (isLoop) {
        loadStage('LOADED', true, 'main exports loop');
    }
    let stage = 'LOADED';
    try {
        let result;
        if (returnValue) {
            const code = '(function(code,module,exports) { return "" + eval(code); })(' + jsonStringify(module.code) +
                ', __module, __module.exports)';
            result = host.compileScript(code, module.name)();
        } else {
            const userCache = runtimeCache[module.user] || (runtimeCache[module.user] = {modules: Object.create(null)});
            let entry = userCache.modules[module.name];
            if (!entry || entry.timestamp != module.timestamp) {
                stage = 'COMPILED';
                // The host wraps the module as the driver does and hands out the parse it made before the player's
                // clock on the sandbox's first tick (PlayerModules); '' + code converts a non-string as the driver's
                // concatenation into its wrapper did.
                const script = host.compileModule('' + module.code, module.name);
                entry = userCache.modules[module.name] = {timestamp: module.timestamp, script: script};
                loadStage('COMPILED', true, module.name);
            }
            stage = isLoop ? 'EXECUTED' : 'LOADED';
            result = entry.script();
            if (isLoop) {
                loadStage('EXECUTED', true, '');
            }
        }
        // Mirrors the driver: it restores `globals.module` (not `__module`).
        globals.module = oldModule;
        return result;
    } catch (e) {
        if (e instanceof EvalCodeError) {
            throw e;
        }
        let message = '';
        if (e && e.stack) {
            message = '' + e.stack;
            message = message.replace(/</g, '&lt;');
            message = message.replace(/ *at.*?$/, '');
            message = message.replace(/_console\d+:\d+/, 'console');
            message = message.replace(/at __module \((.*)\)/g, 'at $1');
        } else {
            message = e && e.message;
        }
        if (!returnValue) {
            loadStage(stage, false, typeof message === 'string' ? message : 'undefined');
        }
        throw new EvalCodeError(message);
    }
};

const pathFinderFactory = require('@screeps/driver/lib/path-finder');
exports.pathFinder = pathFinderFactory.create(host.pathFinderNative());
