// Probe (issue #11, must stay): the engine's require rules as the player sees them.
const lines = [];
function attempt(label, fn) {
    try {
        const v = fn();
        lines.push(label + ' ok ' + (typeof v === 'object' && v !== null ? JSON.stringify(Object.keys(v)) : String(v)));
    } catch (e) {
        lines.push(label + ' threw ' + e.name + ': ' + e.message);
    }
}
attempt('dot path', () => require('./util').name);
attempt('plain', () => require('util').name);
attempt('same object', () => require('./util') === require('util'));
attempt('dotted name', () => require('role.harvester').role);
attempt('slash name', () => require('lib/helper').helped(2));
attempt('cycle a', () => require('cycle.a').fromB);
attempt('missing', () => require('does-not-exist'));
attempt('missing again', () => require('does-not-exist'));
attempt('throwing', () => require('throws'));
attempt('throwing again', () => require('throws'));
attempt('lodash', () => typeof require('lodash').map + ' ' + (require('lodash') === _));
attempt('module object', () => typeof module + ' ' + typeof module.exports);
attempt('cache keys', () => Object.keys(require.cache).sort().join(','));
module.exports.loop = function () {
    console.log(lines.join('\n'));
    console.log('tick ' + Game.time + ' ticks of this global: ' + (global.ticksSeen = (global.ticksSeen || 0) + 1));
};
