import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';

/**
 * Thousands of statements prepared and dropped, then collected by the garbage collector while
 * the process exits without closing the database: what a SQLite CLI process does through Kysely. A better-sqlite3 12 binary compiled against the Node.js 24.19+ headers aborts here
 * ("Assertion failed: (env) != nullptr", nodejs/node#65446); .ci/with-node compiles it against
 * the 24.18.1 headers instead (docs/operations.md, "Node.js").
 */
const SCRIPT = `
const Database = require(process.env.DRIVER);
const db = new Database(':memory:');
for (let i = 0; i < 50000; i += 1) db.prepare('SELECT ' + i + ' AS n').get();
console.log('done');
`;

describe('the installed SQLite driver on this Node.js', () => {
  /** A faulty binary aborted in each of 20 runs when this was written; three runs for good measure. */
  test.each([1, 2, 3])('survives statements collected at exit (run %i)', () => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const run = spawnSync(process.execPath, ['-e', SCRIPT], {
      env: { ...process.env, DRIVER: driver },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    expect(run.stdout.trim()).toBe('done');
  });
});
