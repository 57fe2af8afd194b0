// Probe (issue #11, must stay): Game.market, memory segments and unusual Memory keys, identical to Node's.
module.exports.loop = function () {
    const out = [];
    const m = Game.market;
    out.push('market ' + m.credits + ' ' + Object.keys(m.orders).length + ' ' + m.incomingTransactions.length + ' '
        + m.outgoingTransactions.length + ' ' + typeof m.getAllOrders + ' ' + m.calcTransactionCost(1000, 'W1N1', 'W5N5')
        + ' ' + JSON.stringify(m.getAllOrders({type: ORDER_SELL}).slice(0, 2)) + ' ' + JSON.stringify(m.getHistory(RESOURCE_ENERGY)));
    out.push('createOrder ' + m.createOrder({type: ORDER_SELL, resourceType: RESOURCE_ENERGY, price: 1, totalAmount: 10,
        roomName: 'W1N1'}) + ' deal ' + m.deal('nope', 10, 'W1N1'));
    out.push('segments before ' + JSON.stringify(Object.keys(RawMemory.segments)));
    RawMemory.setActiveSegments([0, 3, 99]);
    RawMemory.segments[3] = 'seg three at ' + Game.time;
    RawMemory.segments[7] = '\u{1F600} emoji segment';
    try { RawMemory.setActiveSegments([100]); } catch (e) { out.push('bad segment ' + e.message); }
    RawMemory.setPublicSegments([3]);
    RawMemory.setDefaultPublicSegment(3);
    RawMemory.setActiveForeignSegment('someone', 5);
    out.push('foreign ' + JSON.stringify(RawMemory.foreignSegment));
    const before = JSON.stringify(Memory);
    Memory['emoji \u{1F680}'] = {'\u00e9t\u00e9': Game.time, 'nul\u0000key': 'a\u0000b', 'lone': '\ud800x'};
    Memory['__proto__x'] = 1;
    Memory[''] = 'empty key';
    Memory[42] = 'numeric key';
    Memory.nested = {arr: [1, 'two', null, {three: 3}], neg0: -0, big: 1e21, small: 5e-7, flt: 0.1 + 0.2};
    out.push('memory before ' + before + ' keys now ' + JSON.stringify(Object.keys(Memory)));
    out.push('raw length ' + RawMemory.get().length);
    console.log(out.join('\n'));
};
