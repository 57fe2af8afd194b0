// tickrunner's in-sandbox runtime: plays the part of the driver's lib/runtime/runtime.js inside one player context.
// Mirrors: driver lib/runtime/runtime.js _init/_start and the run reference. Split in three calls so that the host
// can stop the CPU clock between them and still collect the tick's results after an interrupted loop:
//   start(dataJson, cpuLimitMs, cpuBucketMs) prepares RawMemory, intents, console and game.init (before the clock);
//   run() runs game.run(userId) (the clock runs);  finish(errorOverride) serialises Memory, segments and intents;
//   runThenFinish() is run() and finish() in one call (the host's normal path).
'use strict';
// First: the built-ins the engine and the player see are Node 20's (before anything captures one).
require('tickrunner:node-environment.js');
const systemFunctions = require('@screeps/driver/lib/runtime/system-functions');
const host = require('tickrunner:host');
const _ = require('lodash');
const utils = require('@screeps/engine/src/utils');
const driver = utils.getRuntimeDriver();
const game = require('@screeps/engine/src/game/game');
const fakeConsole = require('@screeps/engine/src/game/console');
const WorldMapGrid = require('@screeps/driver/lib/runtime/mapgrid');
const interShardMemoryEnabled = host.interShardMemory();

// Everything the engine loads lazily, loaded now, when the context is created: before any player's clock starts and
// outside the player's limits. game.init requires these on every tick (a cache hit from then on); a module load cut
// off half-way by a limit would leave a broken module graph behind (its cycles keep partial exports).
for (const name of ['rooms', 'creeps', 'structures', 'sources', 'minerals', 'deposits', 'nukes', 'resources', 'flags',
    'tombstones', 'construction-sites', 'path-finder', 'power-creeps', 'ruins', 'store']) {
    require('@screeps/engine/src/game/' + name);
}
// game.init gives the global its own lodash on the first tick (`globals._ = _.runInContext()` when it has none): done
// here instead, so that the first tick does not pay for building 300 functions. The same call on the same global.
globalThis._ = _.runInContext();

const jsonParse = systemFunctions.JSON.parse;
const jsonStringify = systemFunctions.JSON.stringify;
// The end-of-tick Memory serialiser. Its body is the built-in's call; the host's MemoryJsonInstrument returns the same
// text, made in Java, instead of running it when Memory is plain data (objects, arrays, strings, numbers, booleans,
// null: what a parse makes), which GraalJS's built-in serialises a character at a time (issue #9).
function tickrunnerStringifyMemory(value) {
    return jsonStringify(value);
}
const objectCreate = systemFunctions.Object.create;
const objectKeys = systemFunctions.Object.keys;
const mathCeil = systemFunctions.Math.ceil;
const isArray = Array.isArray;
const parseIntFn = parseInt;
const isNaNFn = Number.isNaN;
const StringFn = String;
const hasOwn = Object.hasOwn;
const reflectOwnKeys = Reflect.ownKeys;
const reflectApply = Reflect.apply;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const getPrototypeOf = Object.getPrototypeOf;
const isArrayBufferView = ArrayBuffer.isView;
const SetFn = Set;
const setHas = Set.prototype.has;
const setAdd = Set.prototype.add;
const mapForEach = Map.prototype.forEach;
const setForEach = Set.prototype.forEach;
const mapProto = Map.prototype;
const setProto = Set.prototype;
const arrayBufferProto = ArrayBuffer.prototype;
const arrayBufferByteLength = getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const typedArrayByteLength = getOwnPropertyDescriptor(getPrototypeOf(Uint8Array.prototype), 'byteLength').get;
// Globals the runtime and the engine rebuild every tick: what they hold is not the player's to keep.
const rebuiltGlobals = new SetFn(['Game', 'Memory', 'RawMemory', 'InterShardMemory', 'console', 'global',
    'globalThis', '_', 'PathFinder']);

// The runtime data's id-keyed maps (roomObjects, userObjects: hundreds of object ids) as GraalJS dictionary objects,
// whose shape does not change with their keys. From JSON.parse each map gets a shape made of its sequence of ids, a
// new one whenever an object appears or goes (a creep dies, a tombstone or dropped energy appears); the engine reads by
// id (`runtimeData.roomObjects[id]` in every maker and getter, the for-in over them in game.js makeGameObject), and
// each new shape invalidated that compiled code: on the live shard makeGameObject (240 KB of machine code, 2.5-4 s a
// compilation on 2 cores) was deoptimised and compiled again 7 times in a minute while the first creeps died.
// The copy starts as driver.keyedMap(), an empty dictionary object. Keys keep their order (the driver's data.js order,
// which for-in follows), values are the same objects.
function toDictionaryObject(source) {
    if (source === null || typeof source !== 'object') {
        return source;
    }
    const dictionary = driver.keyedMap();
    for (const key in source) {
        dictionary[key] = source[key];
    }
    return dictionary;
}

/**
 * Estimates the bytes the player's global keeps reachable across ticks: a walk over own data properties (getters are
 * not called) from the global object, counting 2 bytes per string char, 8 per array slot,
 * the byte length of buffers and 40 per object, at most maxNodes objects. Closures cannot be walked from JavaScript,
 * so data held only in a module's local variables is not counted.
 */
module.exports.retainedBytes = function retainedBytes(maxNodes) {
    const seen = new SetFn();
    const stack = objectCreate(null); // no prototype: a setter the player put on Array.prototype is never called
    let top = 0;
    let bytes = 0;
    let nodes = 0;
    function visit(value) {
        if (typeof value === 'string') {
            bytes += 2 * value.length;
            return;
        }
        if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
            return;
        }
        if (reflectApply(setHas, seen, [value])) {
            return;
        }
        reflectApply(setAdd, seen, [value]);
        stack[top++] = value;
    }
    const root = globalThis;
    for (const key of reflectOwnKeys(root)) {
        if (typeof key === 'string' && reflectApply(setHas, rebuiltGlobals, [key])) {
            continue;
        }
        const desc = getOwnPropertyDescriptor(root, key);
        if (desc && 'value' in desc) {
            visit(desc.value);
        }
    }
    // No try/catch inside the loop: GraalJS lets a catch block see the watchdog's interrupt, and a loop that catches
    // it would never end. A throwing trap (a revoked proxy) ends the walk: the estimate is then a lower bound.
    try {
        while (top > 0 && nodes < maxNodes) {
            const object = stack[--top];
            stack[top] = undefined;
            nodes++;
            bytes += 40;
            if (isArrayBufferView(object)) {
                bytes += reflectApply(typedArrayByteLength, object, []) || 0;
                continue;
            }
            const proto = getPrototypeOf(object);
            if (proto === arrayBufferProto) {
                bytes += reflectApply(arrayBufferByteLength, object, []);
                continue;
            }
            if (isArray(object)) {
                // Capped: a sparse array's length says nothing of its size.
                const length = object.length;
                bytes += 8 * (length < 16777216 ? length : 16777216);
                for (let i = 0; i < length && i < maxNodes && nodes + top < maxNodes; i++) {
                    const desc = getOwnPropertyDescriptor(object, i);
                    if (desc && 'value' in desc) {
                        visit(desc.value);
                    }
                }
                continue;
            }
            if (proto === mapProto) {
                reflectApply(mapForEach, object, [(v, k) => { bytes += 16; visit(k); visit(v); }]);
            } else if (proto === setProto) {
                reflectApply(setForEach, object, [(v) => { bytes += 8; visit(v); }]);
            }
            const keys = reflectOwnKeys(object);
            bytes += 8 * keys.length;
            for (let i = 0; i < keys.length && nodes + top < maxNodes; i++) {
                const desc = getOwnPropertyDescriptor(object, keys[i]);
                if (desc && 'value' in desc) {
                    visit(desc.value);
                }
            }
        }
    } catch (e) {
        return bytes;
    }
    return bytes;
};

// Each room's terrain is a Uint8Array over the process-wide read-only buffer: no copy per context.
// Deviates from Node: writing to it throws (Node's SharedArrayBuffer view is writable and shared by every isolate).
const staticTerrainData = (function viewTerrain(names) {
    const result = {};
    for (const room of names ? names.split(',') : []) {
        result[room] = new Uint8Array(host.terrainBuffer(room));
    }
    return result;
})(host.terrainRoomNames());
const customObjectPrototypes = [];
const customIntentTypes = {};
let mapGrid;

function nowCpuTime() {
    return host.cpuTimeMs();
}

function validSegmentId(value) {
    const id = parseIntFn(value);
    return isNaNFn(id) || id > 99 || id < 0 ? undefined : id;
}

// Whether the sandbox's load report still records (its first load); the host says when it is complete.
let loadReportOpen = true;
// The code of this sandbox: the host sends userCode with the first tick only (a sandbox's code never changes).
let sandboxUserCode;
let sandboxHasCode = false;
// The accessibleRooms text of this sandbox's last tick: the host leaves it out of the data while it is the same.
let sandboxAccessibleRooms;

// dataJson: the runtime data as JSON, with userMemory.data and (after the first tick) userCode as null placeholders;
// memory: the Memory string to put back in userMemory.data, or null when it stayed in dataJson (RuntimeDataJson);
// accessibleRoomsKept: whether accessibleRooms is a null placeholder for the text of the last tick.
module.exports.start = function start(dataJson, memory, cpuLimitMs, cpuBucketMs, accessibleRoomsKept) {
    const global = globalThis;
    let data = jsonParse(dataJson);
    systemFunctions.Object.setPrototypeOf(data, null);
    data.roomObjects = toDictionaryObject(data.roomObjects);
    data.userObjects = toDictionaryObject(data.userObjects);
    if (memory !== null) {
        data.userMemory.data = memory;
    }
    if (data.userCode === null && sandboxHasCode) {
        data.userCode = sandboxUserCode;
    } else {
        sandboxUserCode = data.userCode;
        sandboxHasCode = true;
    }
    if (accessibleRoomsKept) {
        data.accessibleRooms = sandboxAccessibleRooms;
    } else {
        sandboxAccessibleRooms = data.accessibleRooms;
    }
    data.cpu = cpuLimitMs;
    data.cpuBucket = cpuBucketMs;
    driver.preparseMemory(data.userMemory ? data.userMemory.data : undefined);

    let activeSegments, publicSegments, defaultPublicSegment, activeForeignSegment;
    let startTime, runEndTime, startDirtyTime = nowCpuTime();
    const intentCpu = 0.2;
    const freeMethods = objectCreate(null, {say: {value: true}, pull: {value: true}});

    const intents = {
        list: objectCreate(null),
        cpu: 0,
        set(id, name, value) {
            this.list[id] = this.list[id] || objectCreate(null);
            if (!freeMethods[name] && !this.list[id][name]) {
                this.cpu += intentCpu;
            }
            this.list[id][name] = value;
        },
        push(name, value, maxLen) {
            this.list[name] = this.list[name] || [];
            if (maxLen && this.list[name].length >= maxLen) {
                return false;
            }
            systemFunctions.Array.push(this.list[name], value);
            this.cpu += intentCpu;
            return true;
        },
        pushByName(id, name, value, maxLen) {
            this.list[id] = this.list[id] || objectCreate(null);
            this.list[id][name] = this.list[id][name] || [];
            if (maxLen && this.list[id][name].length >= maxLen) {
                return false;
            }
            systemFunctions.Array.push(this.list[id][name], value);
            this.cpu += intentCpu;
            return true;
        },
        remove(id, name) {
            if (this.list[id] && this.list[id][name]) {
                delete this.list[id][name];
                this.cpu -= intentCpu;
                return true;
            }
            return false;
        }
    };

    const rawMemory = objectCreate(null, {
        get: {value: function () { return data.userMemory.data; }},
        set: {
            value: function (value) {
                if (!_.isString(value)) {
                    throw new Error('Raw memory value is not a string');
                }
                if (value.length > 2 * 1024 * 1024) {
                    throw new Error('Raw memory length exceeded 2 MB limit');
                }
                if (this._parsed) {
                    delete this._parsed;
                }
                data.userMemory.data = value;
            }
        },
        segments: {value: objectCreate(null)},
        interShardSegment: {value: '', writable: true},
        setActiveSegments: {
            value: function (ids) {
                if (!_.isArray(ids)) {
                    throw new Error(`"${ids}" is not an array`);
                }
                if (ids.length > 10) {
                    throw new Error('Only 10 memory segments can be active at the same time');
                }
                activeSegments = [];
                for (let i = 0; i < ids.length; i++) {
                    const id = validSegmentId(ids[i]);
                    if (id === undefined) {
                        throw new Error(`"${ids[i]}" is not a valid segment ID`);
                    }
                    systemFunctions.Array.push(activeSegments, id);
                }
            }
        },
        setPublicSegments: {
            value: function (ids) {
                if (!_.isArray(ids)) {
                    throw new Error(`"${ids}" is not an array`);
                }
                publicSegments = [];
                for (let i = 0; i < ids.length; i++) {
                    const id = validSegmentId(ids[i]);
                    if (id === undefined) {
                        throw new Error(`"${ids[i]}" is not a valid segment ID`);
                    }
                    systemFunctions.Array.push(publicSegments, id);
                }
            }
        },
        setDefaultPublicSegment: {
            value: function (id) {
                if (id !== null) {
                    id = parseIntFn(id);
                    if (isNaNFn(id) || id > 99 || id < 0) {
                        throw new Error(`"${id}" is not a valid segment ID`);
                    }
                }
                defaultPublicSegment = id;
            }
        },
        setActiveForeignSegment: {
            value: function (username, id) {
                if (username === null) {
                    activeForeignSegment = null;
                    return;
                }
                if (id !== undefined) {
                    id = parseIntFn(id);
                    if (isNaNFn(id) || id > 99 || id < 0) {
                        throw new Error(`"${id}" is not a valid segment ID`);
                    }
                }
                activeForeignSegment = {username, id};
            }
        }
    });

    if (data.memorySegments) {
        for (const i in data.memorySegments) {
            rawMemory.segments[i] = data.memorySegments[i];
        }
    }
    if (data.foreignMemorySegment) {
        rawMemory.foreignSegment = objectCreate(null);
        Object.assign(rawMemory.foreignSegment, data.foreignMemorySegment);
    }

    const getUsedCpu = function () {
        return nowCpuTime() + intents.cpu - startTime;
    };

    if (!mapGrid) {
        mapGrid = new WorldMapGrid(jsonParse(data.accessibleRooms), staticTerrainData);
    }
    data.mapGrid = mapGrid;
    data.staticTerrainData = staticTerrainData;
    data.customObjectPrototypes = customObjectPrototypes;

    const userId = data.user._id;
    let outType, outError;

    game.init(
        global,
        data.userCode,
        data,
        intents,
        rawMemory,
        fakeConsole.makeConsole(userId, function (fn) { return fn; }),
        data.consoleCommands,
        data.cpu,
        getUsedCpu,
        function (name) {},
        undefined,
        function () { return jsonParse(host.heapStatisticsJson()); },
        function () { host.halt(); throw new Error('No one should ever see this message.'); });

    // Mirrors: driver lib/index.js 'playerSandbox' handler (Game.shard, name from the host's shard name).
    global.Game.shard = objectCreate(null, {
        name: {value: host.shardName(), writable: true, enumerable: true},
        type: {value: 'normal', writable: true, enumerable: true},
        ptr: {value: false, enumerable: true}
    });

    // Issue #5 (tickrunner; driver 5.3.0 has no InterShardMemory): the MMO API over data.interShardSegments
    // ({<shard>: string}, Redis hash interShardMemory:<userId>); a setLocal value leaves as out.interShardSegment.
    // Only where the operator turned it on (SandboxConfig.interShardMemory): bots take its presence for the MMO.
    let interShardSegments = data.interShardSegments || objectCreate(null);
    let interShardLocal;
    const interShardName = host.shardName();
    if (interShardMemoryEnabled) global.InterShardMemory = objectCreate(null, {
        getLocal: {value: function () {
            if (interShardLocal !== undefined) {
                return interShardLocal;
            }
            const v = interShardSegments[interShardName];
            return v === undefined ? null : v;
        }},
        setLocal: {value: function (value) {
            if (typeof value !== 'string') {
                throw new Error('InterShardMemory value is not a string');
            }
            if (value.length > 100 * 1024) {
                throw new Error('InterShardMemory segment has exceeded 100 KB length limit');
            }
            interShardLocal = value;
        }},
        getRemote: {value: function (shard) {
            const v = interShardSegments['' + shard];
            return v === undefined ? null : v;
        }}
    });

    return {
        run() {
            const hasMain = data.userCode !== null && typeof data.userCode === 'object' && hasOwn(data.userCode, 'main');
            startTime = nowCpuTime();
            try {
                game.run(userId);
                outType = 'done';
            } catch (e) {
                outType = 'error';
                outError = _.isObject(e) && e.stack || e.toString();
            }
            // The player's clock stops here until finish() goes on where Node's single call does (Memory
            // stringify): the host's own bookkeeping between the two calls is not the player's CPU.
            runEndTime = nowCpuTime();
            if (loadReportOpen) {
                loadReportOpen = host.loadTickEnded(hasMain);
            }
        },
        // Mirrors Node's single call per tick: the loop, then the output, in one call into the context, so that promise
        // callbacks the loop queued run when the call returns, after the output was collected (their console lines,
        // Memory and segment writes are not this tick's; what they do to `global` stays).
        runThenFinish() {
            this.run();
            host.loopEnded();
            const output = this.finish();
            host.outputCollected();
            return output;
        },
        // errorOverride: the host's text when run() was interrupted (CPU limit), else undefined.
        finish(errorOverride) {
            const finishStartTime = nowCpuTime();
            if (startTime === undefined) {
                startTime = nowCpuTime();
            }
            if (errorOverride !== undefined) {
                outType = 'error';
                outError = errorOverride;
            }
            const out = objectCreate(null);
            out.type = outType;
            if (outError !== undefined) {
                out.error = StringFn(outError);
            }
            driver.memoryTickEnded();
            if (rawMemory._parsed) {
                data.userMemory.data = tickrunnerStringifyMemory(rawMemory._parsed);
            }
            const segmentKeys = objectKeys(rawMemory.segments);
            if (segmentKeys.length > 0) {
                if (segmentKeys.length > 10) {
                    throw 'Cannot save more than 10 memory segments on the same tick';
                }
                out.memorySegments = objectCreate(null);
                for (let i = 0; i < segmentKeys.length; i++) {
                    const key = parseIntFn(segmentKeys[i]);
                    if (isNaNFn(key) || key < 0 || key > 99) {
                        throw `"${segmentKeys[i]}" is not a valid memory segment ID`;
                    }
                    if (typeof rawMemory.segments[segmentKeys[i]] != 'string') {
                        throw `Memory segment #${segmentKeys[i]} is not a string`;
                    }
                    if (rawMemory.segments[segmentKeys[i]].length > 100 * 1024) {
                        throw `Memory segment #${segmentKeys[i]} has exceeded 100 KB length limit`;
                    }
                    out.memorySegments[key] = '' + rawMemory.segments[segmentKeys[i]];
                }
            }
            const cleanTime = runEndTime === undefined ? nowCpuTime() - startTime
                : runEndTime - startTime + (nowCpuTime() - finishStartTime);
            out.usedTime = mathCeil(cleanTime + intents.cpu);
            out.usedCleanTime = cleanTime;
            out.usedDirtyTime = mathCeil(nowCpuTime() - startDirtyTime);
            out.intentsList = intents.list;
            out.intentsCpu = intents.cpu;
            out.intents = utils.storeIntents(userId, intents.list, data, customIntentTypes);
            out.console = {log: fakeConsole.getMessages(userId), results: fakeConsole.getCommandResults(userId)};
            const visual = fakeConsole.getVisual(userId);
            if (objectKeys(visual).length > 0) {
                out.visual = visual;
            }
            out.activeSegments = activeSegments;
            out.activeForeignSegment = activeForeignSegment;
            out.defaultPublicSegment = defaultPublicSegment;
            if (publicSegments) {
                out.publicSegments = systemFunctions.Array.join(publicSegments, ',');
            }
            if (interShardLocal !== undefined) {
                out.interShardSegment = interShardLocal;
            }
            interShardSegments = null;
            const memory = data.userMemory.data;
            data = null; // Important - preventing memory leak (runtime.js)
            return {json: jsonStringify(out), memory: typeof memory === 'string' ? memory : StringFn(memory)};
        }
    };
};
