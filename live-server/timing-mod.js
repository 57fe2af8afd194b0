// LiveShardIT's probe in the real server: one JSON line per tick of main's loop, with each mainLoopStage's duration
// (ms), written to ./timing/main.jsonl. Loaded by mods.json beside screepsmod-mongo; only main records.
const fs = require('fs');
const path = require('path');
module.exports = function (config) {
  if (!config.engine || !/engine[\\/]dist[\\/]main\.js$/.test(process.argv[1] || '')) return;
  fs.mkdirSync('timing', { recursive: true });
  const file = path.resolve('timing', 'main.jsonl');
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  let tick = null;
  config.engine.on('mainLoopStage', (stage, arg) => {
    const t = now();
    if (stage === 'start') { tick = { at: Date.now(), start: t, last: t, lastStage: 'start', st: {} }; return; }
    if (!tick) return;
    tick.st[tick.lastStage] = +(t - tick.last).toFixed(3);
    tick.last = t; tick.lastStage = stage;
    if (stage === 'addUsersToQueue') tick.users = arg.length;
    if (stage === 'finish') {
      fs.appendFileSync(file, JSON.stringify({ at: tick.at, ms: +(t - tick.start).toFixed(3), users: tick.users, st: tick.st }) + '\n');
      tick = null;
    }
  });
};
