'use strict';
// The driver's native PathFinder (C++, @screeps/driver 5.3.0 of the reference runner) on the golden queries, timed as
// tickrunner's QueryTimer times the Java PathFinder (`./tickrunner pathfinder`): 2 warm-up rounds, then 9 timed rounds,
// every query once per round; each query's figure is the median of its timed runs, the result the median over queries.
// Run by bench/pathfinder-native.sh. Input: REF (the reference runner directory), SHARED (../shared).
const path = require('path');
const ref = process.env.REF;
const native = require(path.join(ref, 'node_modules/@screeps/driver/native/build/Release/native.node'));
const pf = require(path.join(ref, 'node_modules/@screeps/driver/lib/path-finder.js'));
const shared = path.join(process.env.SHARED, 'conformance');
const golden = JSON.parse(require('fs').readFileSync(shared + '/pathfinder-public.json', 'utf8'));
const terrain = JSON.parse(require('fs').readFileSync(shared + '/terrain.json', 'utf8'));
pf.init(native, terrain);
const K = 255;
function roomName(xx, yy) {
    return (xx <= K >> 1 ? 'W' + ((K >> 1) - xx) : 'E' + (xx - (K >> 1) - 1)) + (yy <= K >> 1 ? 'N' + ((K >> 1) - yy) : 'S' + (yy - (K >> 1) - 1));
}
const prepared = golden.queries.map(q => {
    const n = q.native;
    let cb;
    if (n.roomCallback) {
        const table = new Map();
        for (const e of q.options.roomCallback || []) {
            table.set(e.roomName, e.blocked ? false : new Uint8Array(Buffer.from(e.matrix, 'base64')));
        }
        cb = (xx, yy) => table.get(roomName(xx, yy));
    }
    return () => native.search(n.origin, n.goals, cb, n.plainCost, n.swampCost, n.maxRooms, n.maxOps, n.maxCost, n.flee, n.heuristicWeight);
});
// The same answers as the recording (ops compared), so both sides time the same searches.
let agree = 0;
golden.queries.forEach((q, i) => {
    const r = prepared[i]();
    const ops = r === undefined || r === -1 ? 0 : r.ops;
    if (ops === q.result.ops) agree++;
});
const W = 2, T = 9, n = prepared.length;
const times = prepared.map(() => []);
for (let round = 0; round < W + T; round++) {
    for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        prepared[i]();
        const dt = Number(process.hrtime.bigint() - t0) / 1000;
        if (round >= W) times[i].push(dt);
    }
}
const med = a => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const per = times.map(med);
console.log(`native PathFinder: ops agree ${agree}/${n}; median search time ${med(per).toFixed(1)} µs/query; sum of medians ${(per.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} ms`);
