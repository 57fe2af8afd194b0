// Probe (issue #11, point 3): the private server's Node runtime has no InterShardMemory; bots test for it to decide
// whether they run on the official MMO.
module.exports.loop = function () {
    console.log('InterShardMemory: ' + typeof InterShardMemory + ', in global: ' + ('InterShardMemory' in global) +
        ', Game.shard: ' + JSON.stringify(Game.shard));
};
