// The driver's `native` path finder module, backed by dev.tickrunner.sandbox.pathfinder.PathFinderBinding.
// Evaluate this file to get one function; call it with the Java binding; hand the returned object to the
// driver's lib/path-finder.js (`create(native)`, and `init(native, rooms)` if wanted: loadTerrain is a no-op).
// It converts arguments the way native/src/main.cc does (ToUint32, ToBoolean, ToNumber), passes goals as one
// Uint32Array buffer, hands cost matrices to Java as one ArrayBuffer of 2500 bytes per loaded room, and rebuilds
// the native return value: undefined, -1, or {path: [[xx, yy], ...] (end node first), ops, cost, incomplete}.
(function (javaBinding) {
    'use strict';
    const MATRIX_BYTES = 2500;

    function wrapCallback(cb) {
        return function (roomXX, roomYY) {
            const ret = cb(roomXX, roomYY);
            if (ret === false) {
                return false;
            }
            if (ArrayBuffer.isView(ret) && ret.byteLength === MATRIX_BYTES) {
                const buffer = ret.buffer;
                if (ret.byteOffset === 0 && buffer.byteLength === MATRIX_BYTES) {
                    return buffer;
                }
                return new Uint8Array(buffer, ret.byteOffset, MATRIX_BYTES).slice().buffer;
            }
            return null;
        };
    }

    function search(origin, goals, cb, plainCost, swampCost, maxRooms, maxOps, maxCost, flee, heuristicWeight) {
        const plain = plainCost >>> 0;
        const swamp = swampCost >>> 0;
        const rooms = maxRooms >>> 0;
        const ops = maxOps >>> 0;
        const cost = maxCost >>> 0;
        const fleeing = !!flee;
        const weight = Number(heuristicWeight);
        const goalCount = goals.length >>> 0;
        const packed = new Uint32Array(goalCount * 3);
        for (let ii = 0; ii < goalCount; ++ii) {
            const goal = Object(goals[ii]);
            packed[ii * 3] = goal.range >>> 0;
            const pos = Object(goal.pos);
            packed[ii * 3 + 1] = pos.xx >>> 0;
            packed[ii * 3 + 2] = pos.yy >>> 0;
        }
        const start = Object(origin);
        const answer = javaBinding.search(start.xx >>> 0, start.yy >>> 0, packed.buffer,
            cb === undefined ? null : wrapCallback(cb), plain, swamp, rooms, ops, cost, fleeing, weight);
        const kind = answer.kind();
        if (kind === 0) {
            return undefined;
        }
        if (kind === -1) {
            return -1;
        }
        if (kind !== 1) {
            throw new Error(answer.error());
        }
        const chars = answer.path();
        const path = new Array(chars.length >> 1);
        for (let ii = 0, jj = 0; jj < chars.length; ++ii, jj += 2) {
            path[ii] = [chars.charCodeAt(jj), chars.charCodeAt(jj + 1)];
        }
        return {path: path, ops: answer.ops(), cost: answer.cost(), incomplete: answer.incomplete()};
    }

    return {
        version: 11,
        loadTerrain: function loadTerrain() {
        },
        search: search,
    };
})
