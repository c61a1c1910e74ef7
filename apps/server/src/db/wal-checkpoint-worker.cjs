// The WAL checkpoint thread of wal-checkpointer.ts: a connection of its own to the SQLite file,
// which copies the WAL's frames into the database with `PRAGMA wal_checkpoint(PASSIVE)` when the
// main thread asks, so that the main connection's commits do not, on the event loop. Plain
// JavaScript, started without tsx: it needs nothing of the project but the driver, whose
// resolved path the main thread passes.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const BetterSqlite3 = require(workerData.driver);

/**
 * Runs `fn`; what it throws is thrown again as an Error. The thread's uncaught error reaches the
 * main thread as a structured clone, which keeps only the own enumerable properties of an error
 * of another class: the driver's SqliteError arrived as `{ code }`, without its message.
 */
function failing(fn) {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof Error) || error.constructor === Error) throw error;
    const code = typeof error.code === 'string' ? ` (${error.code})` : '';
    throw new Error(`${error.message}${code}`);
  }
}

const { db, checkpoint } = failing(() => {
  const db = new BetterSqlite3(workerData.file, { fileMustExist: true });
  // A checkpoint syncs the WAL before it copies frames, and the database file before it records
  // them as copied (after which a writer may start the WAL over): so with NORMAL or FULL, never
  // with OFF. FULL, as every connection of openDatabase; this one commits nothing.
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0');
  return { db, checkpoint: db.prepare('PRAGMA wal_checkpoint(PASSIVE)') };
});

parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  // Copies the frames committed when it starts and waits for nobody: it does nothing while
  // another connection checkpoints, and leaves what a reader of another process still reads.
  const started = process.hrtime.bigint();
  failing(() => checkpoint.get());
  parentPort.postMessage({ ns: Number(process.hrtime.bigint() - started) });
});
