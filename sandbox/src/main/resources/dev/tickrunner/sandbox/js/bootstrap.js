// tickrunner sandbox bootstrap: a small CommonJS loader for the TRUSTED code of a player context (the engine's game
// code, lodash, @screeps/common's constants and system, the driver's path-finder.js and mapgrid.js, and our own
// runtime). Player code never sees this loader: it gets the engine's own `require` (game.js requireFn).
// Evaluated once per context as a function expression; the host object stays in this closure only.
(function bootstrap(host) {
    'use strict';
    // Mirrors: driver lib/runtime/user-vm.js, which sets `global` on the isolate's global object.
    globalThis.global = globalThis;
    const cache = Object.create(null);
    const builtins = Object.create(null);
    // Modules the engine names but never needs inside a runtime (processor/main-loop only, or unused imports).
    builtins['util'] = {};

    const aliases = {
        '~runtime-driver': 'tickrunner:runtime-driver.js',
        '@screeps/driver/lib/runtime/runtime-driver.js': 'tickrunner:runtime-driver.js',
        '@screeps/common/lib/constants': '@screeps/common/lib/constants.js',
        'lodash': 'lodash/index.js',
        'heap': 'heap/index.js',
        '@screeps/pathfinding': '@screeps/pathfinding/index.js',
    };

    function dirname(path) {
        const i = path.lastIndexOf('/');
        return i < 0 ? '' : path.substring(0, i);
    }

    function normalize(path) {
        const out = [];
        for (const part of path.split('/')) {
            if (part === '..') {
                out.pop();
            } else if (part !== '.' && part !== '') {
                out.push(part);
            }
        }
        return out.join('/');
    }

    function resolve(fromDir, name) {
        let path = name;
        if (name.startsWith('./') || name.startsWith('../')) {
            path = normalize(fromDir + '/' + name);
        }
        if (aliases[path]) {
            return aliases[path];
        }
        for (const candidate of [path, path + '.js', path + '/index.js']) {
            if (aliases[candidate]) {
                return aliases[candidate];
            }
            if (host.exists(candidate)) {
                return candidate;
            }
        }
        throw new Error("Cannot find module '" + name + "' from '" + fromDir + "'");
    }

    function load(path) {
        let module = cache[path];
        if (module) {
            return module.exports;
        }
        module = {exports: {}, id: path};
        cache[path] = module;
        const factory = host.loadTrusted(path);
        const dir = dirname(path);
        try {
            factory.call(module.exports, module.exports, (name) => requireFrom(dir, name), module, path, dir);
        } catch (e) {
            delete cache[path];
            // Modules that required this one (cycles) may keep its partial exports: the context is not to be trusted
            // with another tick.
            host.trustedLoadFailed();
            throw e;
        }
        return module.exports;
    }

    // The engine requires its game modules inside game.init, i.e. every tick: resolve each (dir, name) once.
    const resolved = Object.create(null);

    function requireFrom(dir, name) {
        if (builtins[name]) {
            return builtins[name];
        }
        if (name === 'tickrunner:host') {
            return host;
        }
        const key = dir + '\n' + name;
        let path = resolved[key];
        if (path === undefined) {
            path = resolved[key] = resolve(dir, name);
        }
        return load(path);
    }

    return function trustedRequire(name) {
        return requireFrom('', name);
    };
})
