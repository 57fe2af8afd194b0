// Probe (issue #11, point 8): Game.cpu.getHeapStatistics() has V8's fields, the isolate's limit (256 MB plus the
// static terrain, user-vm.js) and sizes that stay within it. Sizes vary between runs; only their relations print.
module.exports.loop = function () {
    const h = Game.cpu.getHeapStatistics();
    console.log('fields: ' + Object.keys(h).join(','));
    console.log('heap_size_limit: ' + h.heap_size_limit);
    console.log('total within limit: ' + (h.total_heap_size > 0 && h.total_heap_size < h.heap_size_limit) +
        ', used within total: ' + (h.used_heap_size > 0 && h.used_heap_size <= h.total_heap_size) +
        ', external counted: ' + (h.externally_allocated_size > 0) + ', malloced counted: ' + (h.malloced_memory > 0) +
        ', available below limit: ' + (h.total_available_size > 0 && h.total_available_size < h.heap_size_limit) +
        ', zap: ' + h.does_zap_garbage);
};
