// Probe (issue #11, point 4): a promise callback runs after the tick's output was collected, as on Node: its log
// line and Memory write are not in that tick's results; what it does to `global` survives into the next tick.
module.exports.loop = function () {
    global.callbacks = global.callbacks || 0;
    console.log('tick ' + Game.time + ': callbacks run before this tick ' + global.callbacks + ', Memory.fromCallback ' +
        Memory.fromCallback);
    Promise.resolve().then(() => {
        global.callbacks++;
        console.log('from a promise callback');
        Memory.fromCallback = Game.time;
        RawMemory.segments[3] = 'from a promise callback';
    });
    Memory.fromLoop = Game.time;
};
