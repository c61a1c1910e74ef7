// Starts verify-worker.ts in a worker thread through tsx, whichever loader the parent runs with
// (node --import tsx, the custody launcher's register(), a test runner). tsx's require hook
// compiles in this thread: a worker answers in about a quarter of the time its ESM loader
// takes, which starts a loader thread of its own.
require('tsx/cjs/api').register();
require('./verify-worker.ts');
