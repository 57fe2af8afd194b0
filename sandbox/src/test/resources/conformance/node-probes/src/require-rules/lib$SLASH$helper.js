module.exports = {helped: (n) => n * 21};
