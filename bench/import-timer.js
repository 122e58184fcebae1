'use strict';
/**
 * Preloaded (`node --require bench/import-timer.js`) by the profile run of `npm run bench`:
 * times every module load and charges each its own time (nested loads excluded) by npm package,
 * or to the repository for its own files (compiled on the fly by tsx). The render reads the
 * result from the global symbol below. Plain JavaScript: it runs before TypeScript can.
 */
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const started = performance.now();
const byPackage = new Map();
const stack = [];
const originalLoad = Module._load;

function owner(filename) {
  if (!filename || !filename.includes('/')) return 'node core';
  const parts = filename.split('/');
  const last = parts.lastIndexOf('node_modules');
  if (last < 0) return 'repository (compiled by tsx)';
  return parts[last + 1].startsWith('@') ? `${parts[last + 1]}/${parts[last + 2]}` : parts[last + 1];
}

Module._load = function timedLoad(request, parent, isMain) {
  // The entry point's own load lasts the whole run; what it loads is timed instead.
  if (isMain) return originalLoad.apply(this, arguments);
  let filename;
  try {
    filename = Module._resolveFilename(request, parent, isMain);
  } catch {
    filename = request;
  }
  const frame = { start: performance.now(), children: 0 };
  stack.push(frame);
  try {
    return originalLoad.apply(this, arguments);
  } finally {
    stack.pop();
    const inclusive = performance.now() - frame.start;
    if (stack.length > 0) stack[stack.length - 1].children += inclusive;
    const name = owner(filename);
    byPackage.set(name, (byPackage.get(name) ?? 0) + inclusive - frame.children);
  }
};

globalThis[Symbol.for('bench.importTimes')] = { startedMs: started, byPackage };
