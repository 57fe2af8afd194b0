// tickrunner's engine warm-up bot with a large Memory (about 15 KB, above memory-parser.js's 4,096 characters): its
// ticks compile the Memory parser (in the getter on a new sandbox's first tick, ahead of the clock after that, and
// building a new context's key-sequence trie), and the end-of-tick JSON.stringify of a large Memory, before any
// player's clock runs on them. Escaped strings, fractions, exponents and negative numbers take the parser's other
// paths. Not a player's code: it runs on scratch sandboxes only (EngineWarmup).
module.exports.loop = function () {
    if (!Memory.records) {
        var records = [];
        var types = ['source', 'controller', 'spawn', 'extension'];
        for (var i = 0; i < 120; i++) {
            records.push({id: 'r' + i, room: 'W' + (i % 10) + 'N' + (i % 7), x: i % 50, y: (i * 13) % 50,
                type: types[i % types.length], seen: 0, hist: [i % 97, i % 89, i / 8, -i],
                note: i % 40 === 0 ? 'entry "' + i + '" \\ \u00e9\u4e2d\n' : 'entry-' + i + '-padding-padding'});
        }
        Memory.records = records;
        Memory.rooms = {W1N1: {sources: ['a', 'b'], plan: {x: 25, y: 25, score: 2.5e-7, big: 1e21}}};
        Memory.creeps = {};
    }
    var n = Memory.records.length;
    for (var k = 0; k < 10; k++) {
        var r = Memory.records[(Game.time * 10 + k) % n];
        r.seen = Game.time;
        r.hist.push(Game.time % 97);
        if (r.hist.length > 6) {
            r.hist.shift();
        }
    }
    for (var name in Game.creeps) {
        if (!Memory.creeps[name]) {
            Memory.creeps[name] = {role: 'harvester', working: false, born: Game.time};
        }
    }
};
