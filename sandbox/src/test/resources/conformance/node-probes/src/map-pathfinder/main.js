// Probe (issue #11, must stay): Game.map, Room.Terrain, PathFinder and CostMatrix answers, identical to Node's.
module.exports.loop = function () {
    const out = [];
    const room = 'W1N1';
    out.push('exits ' + JSON.stringify(Game.map.describeExits(room)));
    out.push('route ' + JSON.stringify(Game.map.findRoute(room, 'W2N2')));
    out.push('distance ' + Game.map.getRoomLinearDistance(room, 'W5N8') + ' ' + Game.map.getRoomLinearDistance('E0N0', 'W0N0'));
    out.push('status ' + JSON.stringify(Game.map.getRoomStatus(room)));
    out.push('world size ' + Game.map.getWorldSize());
    const t = Game.map.getRoomTerrain(room);
    let counts = [0, 0, 0, 0];
    for (let y = 0; y < 50; y++) for (let x = 0; x < 50; x++) counts[t.get(x, y)]++;
    out.push('terrain counts ' + counts.join(','));
    const raw = t.getRawBuffer();
    out.push('raw ' + raw.constructor.name + ' ' + raw.length + ' ' + raw.slice(0, 60).join(''));
    const dest = new Uint8Array(2500);
    out.push('raw into ' + (t.getRawBuffer(dest) === dest) + ' ' + dest[1234]);
    out.push('new Room.Terrain ' + (new Room.Terrain(room)).get(10, 10) + ' ' + Game.map.getTerrainAt(10, 10, room));
    try { new Room.Terrain('W99N99'); out.push('unknown room ok'); } catch (e) { out.push('unknown room ' + e.message); }
    const cm = new PathFinder.CostMatrix();
    cm.set(10, 10, 255); cm.set(11, 10, 7);
    const ser = cm.serialize();
    out.push('costmatrix ' + ser.length + ' ' + cm.get(10, 10) + ' ' + PathFinder.CostMatrix.deserialize(ser).get(11, 10)
        + ' clone ' + cm.clone().get(11, 10));
    const from = new RoomPosition(5, 5, room);
    const r = PathFinder.search(from, {pos: new RoomPosition(44, 40, room), range: 1},
        {roomCallback: () => cm, maxOps: 4000, plainCost: 2, swampCost: 10});
    out.push('search ' + r.path.length + ' ops ' + r.ops + ' cost ' + r.cost + ' incomplete ' + r.incomplete + ' '
        + r.path.slice(0, 8).map(p => p.x + ':' + p.y).join(' '));
    const r2 = PathFinder.search(from, [{pos: new RoomPosition(25, 25, 'W2N1'), range: 3}], {maxRooms: 2});
    out.push('search2 ' + r2.path.length + ' ' + r2.incomplete + ' ' + (r2.path.length ? r2.path[r2.path.length - 1] : ''));
    const p = from.findPathTo(30, 30, {ignoreCreeps: true});
    out.push('findPathTo ' + p.length + ' ' + JSON.stringify(p.slice(0, 3)));
    out.push('serialize ' + Room.serializePath(p).slice(0, 40) + ' ' + Room.deserializePath(Room.serializePath(p)).length);
    out.push('pos ' + from.getRangeTo(30, 30) + ' ' + from.getDirectionTo(30, 30) + ' ' + from.isNearTo(6, 6)
        + ' ' + from.inRangeTo(new RoomPosition(8, 8, room), 3) + ' ' + String(from) + ' ' + JSON.stringify(from));
    console.log(out.join('\n'));
};
