let sawA;
try {
    sawA = 'a keys: ' + Object.keys(require('cycle.a')).join(',');
} catch (e) {
    sawA = 'b threw ' + e.message;
}
exports.sawA = sawA;
