// Probe (issue #11, point 6): V8's Error.captureStackTrace and Error.stackTraceLimit, which bots and their libraries
// use for custom error classes. Stack frames are not compared (the runner's own frames differ); header lines are.
class ProbeError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ProbeError';
        Error.captureStackTrace(this, ProbeError);
    }
}
function header(stack) {
    return typeof stack === 'string' ? stack.split('\n')[0] : typeof stack;
}
module.exports.loop = function () {
    console.log('captureStackTrace: ' + typeof Error.captureStackTrace + ', length ' +
        (Error.captureStackTrace && Error.captureStackTrace.length) + ', stackTraceLimit: ' + Error.stackTraceLimit);
    let custom;
    try {
        throw new ProbeError('went wrong');
    } catch (e) {
        custom = header(e.stack) + ' | instanceof ' + (e instanceof ProbeError) + ' | frames ' +
            (e.stack.split('\n').length > 1) + ' | own stack ' + Object.prototype.hasOwnProperty.call(e, 'stack');
    }
    console.log('custom error: ' + custom);
    const plain = {};
    Error.captureStackTrace(plain);
    console.log('plain object: ' + header(plain.stack) + ', enumerable ' +
        Object.getOwnPropertyDescriptor(plain, 'stack').enumerable);
    const named = {name: 'Named', message: 'with message'};
    Error.captureStackTrace(named);
    console.log('named object: ' + header(named.stack));
    let thrown;
    try {
        Error.captureStackTrace(1);
    } catch (e) {
        thrown = e.name;
    }
    console.log('primitive target: ' + thrown);
    Error.stackTraceLimit = 3;
    console.log('limit set: ' + Error.stackTraceLimit);
    Error.stackTraceLimit = 10;
};
