// Test harness: runs one golden query through the driver's lib/path-finder.js exactly as the engine's
// PathFinder.search does, with a CostMatrix built like PathFinder.CostMatrix.deserialize. Returns '' when the
// answer and the callback calls equal the recording, else a short difference. Also exposes search/RoomPosition/CostMatrix.
(function (require, nativeModule) {
    'use strict';
    const driverPathFinder = require('path-finder').create(nativeModule);
    function RoomPosition(x, y, roomName) {
        this.x = x;
        this.y = y;
        this.roomName = roomName;
    }
    driverPathFinder.make({RoomPosition: RoomPosition});

    const CostMatrix = function () {
        this._bits = new Uint8Array(2500);
    };
    CostMatrix.deserialize = function (data) {
        const instance = Object.create(CostMatrix.prototype);
        instance._bits = new Uint8Array(new Uint32Array(data).buffer);
        return instance;
    };

    function search(origin, goal, options) { // engine src/game/path-finder.js PathFinder.search
        if (!goal || Array.isArray(goal) && !goal.length) {
            return {path: [], ops: 0};
        }
        return driverPathFinder.search(origin, goal, options);
    }

    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    function base64Bytes(text) {
        const clean = text.replace(/=+$/, '');
        const out = new Uint8Array(Math.floor(clean.length * 3 / 4));
        let bits = 0, count = 0, jj = 0;
        for (let ii = 0; ii < clean.length; ++ii) {
            bits = bits << 6 | B64.indexOf(clean[ii]);
            count += 6;
            if (count >= 8) {
                count -= 8;
                out[jj++] = bits >> count & 0xff;
            }
        }
        return out;
    }

    const pos = p => new RoomPosition(p.x, p.y, p.roomName);
    const toGoal = g => g.pos !== undefined ? {pos: pos(g.pos), range: g.range} : pos(g);

    function run(queryJson, matrixOffset) {
        const q = JSON.parse(queryJson);
        const calls = [];
        const options = Object.assign({}, q.options);
        if (q.options.roomCallback) {
            const table = new Map();
            for (const e of q.options.roomCallback) {
                let value = false;
                if (!e.blocked) {
                    value = CostMatrix.deserialize(Array.from(new Uint32Array(base64Bytes(e.matrix).buffer)));
                    if (matrixOffset) { // same bytes, seen through a view with a non-zero byteOffset
                        const bigger = new Uint8Array(2500 + matrixOffset);
                        bigger.set(value._bits, matrixOffset);
                        value._bits = bigger.subarray(matrixOffset);
                    }
                }
                table.set(e.roomName, value);
            }
            options.roomCallback = function (roomName) {
                const ret = table.get(roomName);
                calls.push({roomName: roomName, returned: ret === undefined ? 'undefined' : ret === false ? 'false' : 'matrix'});
                return ret;
            };
        }
        const goal = Array.isArray(q.goal) ? q.goal.map(toGoal) : toGoal(q.goal);
        const result = search(pos(q.origin), goal, options);
        const actual = JSON.stringify({
            path: result.path.map(p => ({x: p.x, y: p.y, roomName: p.roomName})),
            ops: result.ops, cost: result.cost, incomplete: result.incomplete, calls: calls,
        });
        const expected = JSON.stringify({
            path: q.result.path, ops: q.result.ops, cost: q.result.cost, incomplete: q.result.incomplete,
            calls: q.roomCallbackCalls || [],
        });
        return actual === expected ? '' : 'expected ' + expected.slice(0, 300) + '\n  actual ' + actual.slice(0, 300);
    }

    return {run: run, search: search, RoomPosition: RoomPosition, CostMatrix: CostMatrix};
})
