module.exports = {name: 'util', loaded: (global.utilLoads = (global.utilLoads || 0) + 1)};
