module.exports = {role: 'harvester'};
