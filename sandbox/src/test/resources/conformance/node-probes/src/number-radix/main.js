// Probe (issue #11, point 9): Number.prototype.toString(radix) gives V8's digits (DoubleToRadixCString): the
// fraction only up to the double's precision, and zeros for integer digits beyond 2^53.
const values = [1e21, -1e21, 2 ** 53, 2 ** 53 + 2, 2 ** 64, 1.7976931348623157e308, 5e-324, 1e-7, 0.1, 0.5, -0.75,
    123.456, Math.PI, -Math.E, 1 / 3, 255, -255.5, 0, -0, 4294967295.5, 1e300 / 7, 0.000001, 12345678.87654321,
    NaN, Infinity, -Infinity];
module.exports.loop = function () {
    for (const radix of [2, 3, 7, 8, 16, 32, 36]) {
        console.log(radix + ': ' + values.map(v => v.toString(radix)).join(' '));
    }
    let rangeError;
    try {
        (1.5).toString(37);
    } catch (e) {
        rangeError = e.name;
    }
    console.log('radix 37: ' + rangeError + ', radix 10: ' + (0.1 + 0.2).toString(10) + ' ' + (1e21).toString() +
        ', Number object: ' + new Number(2.5).toString(2) + ', ids: ' + (0xdeadbeef).toString(16) + ' ' +
        (Game.time * 1000 + 17).toString(36));
};
