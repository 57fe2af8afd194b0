// Probe: terrain lookups outside a room's 50x50 (bots compute positions near room edges, e.g. the world's simplebot
// picks random building spots around its spawn and loops until getTerrainAt says it is not a wall).
const cells = [[-1, 10], [-3, 0], [50, 10], [10, -1], [10, 50], [52, 49], [0, 0], [49, 49], [-1, -1], [1.5, 2], [NaN, 3]];
module.exports.loop = function () {
    const terrain = new Room.Terrain('W1N1');
    console.log(cells.map(([x, y]) => x + ',' + y + '=' + Game.map.getTerrainAt(x, y, 'W1N1') + '/' + terrain.get(x, y))
        .join(' '));
    let constructed;
    try {
        constructed = String(new RoomPosition(-1, 10, 'W1N1'));
    } catch (e) {
        constructed = e.message;
    }
    console.log('RoomPosition(-1, 10): ' + constructed);
};
