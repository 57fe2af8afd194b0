exports.partial = true;
const b = require('cycle.b');
exports.fromB = b.sawA;
