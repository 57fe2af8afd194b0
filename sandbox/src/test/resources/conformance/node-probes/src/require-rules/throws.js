global.throwsRan = (global.throwsRan || 0) + 1;
throw new Error('module throws, run ' + global.throwsRan);
