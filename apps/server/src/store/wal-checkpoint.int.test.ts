import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { generateSignerKey, signerFromSkey, verifierFromVkey } from '@custody/ledger';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { registerDatabaseMetrics } from '../http/metrics.ts';
import {
  WAL_CHECKPOINT_FRAMES,
  WAL_HARD_LIMIT_FRAMES,
  type WalCheckpointer,
  type WalCheckpointOptions,
  type WalCheckpointStats,
} from '../db/wal-checkpointer.ts';
import { createEventStore } from './event-store.ts';
import { event, ORIGIN } from './store.test-kit.ts';
import { storeMigrations } from './store.migrations.ts';
import type { EventStore } from './types.ts';
import { verifyLog } from './verify-log.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../../..');
const run = promisify(execFile);

/** A WAL frame: its 24-byte header and a 4 KiB page; the file's own header is 32 bytes. */
const FRAME_BYTES = 24 + 4096;

interface Kit {
  dir: string;
  file: string;
  database: Database;
  store: EventStore;
  vkey: string;
  /** Appended so far. */
  appended: number;
}

const kits: Kit[] = [];

async function open(walCheckpoint: WalCheckpointOptions = {}): Promise<Kit> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-wal-'));
  const file = join(dir, 'custody.sqlite');
  const database = openDatabase(file, { walCheckpoint });
  await migrate(database, storeMigrations);
  const { skey, vkey } = generateSignerKey(ORIGIN);
  const store = await createEventStore({ database, signer: signerFromSkey(skey), origin: ORIGIN });
  const kit = { dir, file, database, store, vkey, appended: 0 };
  kits.push(kit);
  return kit;
}

/**
 * Sequential single-event appends (about ten WAL frames each), the WAL's counters read after
 * each: the most frames it held, and how often it started over (its frame count fell).
 */
async function appendAll(kit: Kit, n: number) {
  const checkpointer = kit.database.walCheckpointer;
  if (checkpointer === undefined) throw new Error('a SQLite file has a WAL');
  let most = 0;
  let restarts = 0;
  let copiedSeen = 0;
  let last = 0;
  for (let i = 0; i < n; i++, kit.appended++) {
    const k = kit.appended;
    await kit.store.append(`s-${String(Math.floor(k / 100))}`, k % 100, [event()]);
    const wal = checkpointer.state();
    if (wal === null) throw new Error('the wal-index exists once the WAL does');
    if (wal.frames < last) restarts++;
    copiedSeen = Math.max(copiedSeen, wal.copied);
    most = Math.max(most, wal.frames);
    last = wal.frames;
  }
  return { most, restarts, copiedSeen, walBytes: statSync(`${kit.file}-wal`).size };
}

/** The thread's two lines of `/metrics` for the kit's database. */
async function threadMetrics(kit: Kit): Promise<string[]> {
  const registry = new Registry();
  registerDatabaseMetrics(registry, kit.database);
  const text = await registry.metrics();
  return text.split('\n').filter((line) => /^custody_sqlite_wal_checkpoint_thread_/.test(line));
}

function checkpointerOf(kit: Kit): WalCheckpointer {
  const checkpointer = kit.database.walCheckpointer;
  if (checkpointer === undefined) throw new Error('a SQLite file has a WAL');
  return checkpointer;
}

afterEach(async () => {
  for (const kit of kits.splice(0)) {
    await kit.store.close();
    await kit.database.close();
    rmSync(kit.dir, { recursive: true, force: true });
  }
});

describe('SQLite: the WAL is checkpointed by a thread of its own, off the event loop', () => {
  test('the counters read from the wal-index are those SQLite reports', async () => {
    const kit = await open({ thread: false });
    for (let k = 0; k < 30; k++) await kit.store.append('s', k, [event()]);
    const before = kit.database.walCheckpointer?.state();
    const raw = kit.database.sqlite;
    const [result] = raw?.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    expect(before?.frames).toBe(result?.log);
    expect(before?.copied).toBe(0);
    expect(kit.database.walCheckpointer?.state()).toEqual({
      frames: result?.log,
      copied: result?.log,
    });
  });

  test('many appends: the thread copies the WAL back and it starts over below the hard limit, so the main connection never checkpoints; the log verifies', async () => {
    const kit = await open();
    const seen = await appendAll(kit, 800);
    const stats = kit.database.walCheckpointer?.stats();
    // About 8,000 frames: the WAL started over about every 1,000, each time after the thread's
    // checkpoints. SQLite checkpoints on the main connection only in a commit that leaves the WAL
    // at the hard limit or more, which no commit did.
    expect(seen.most).toBeGreaterThanOrEqual(WAL_CHECKPOINT_FRAMES);
    expect(seen.most).toBeLessThan(WAL_HARD_LIMIT_FRAMES);
    expect(seen.restarts).toBeGreaterThanOrEqual(4);
    expect(seen.copiedSeen).toBeGreaterThan(0);
    expect(seen.walBytes).toBeLessThanOrEqual(32 + seen.most * FRAME_BYTES);
    expect(stats?.started).toBe(true);
    expect(stats?.error).toBeNull();
    expect(stats?.checkpoints).toBeGreaterThanOrEqual(seen.restarts);
    const report = await verifyLog(kit.database, { verifiers: [verifierFromVkey(kit.vkey)] });
    expect(report.problems).toEqual([]);
    expect(report.size).toBe(800);
  });

  test('without the thread, or once it has ended, the main connection checkpoints at the hard limit and the WAL stays bounded', async () => {
    const none = await open({ thread: false });
    const alone = await appendAll(none, 600);
    expect(none.database.walCheckpointer?.stats().started).toBe(false);
    expect(alone.most).toBeGreaterThanOrEqual(WAL_HARD_LIMIT_FRAMES);
    expect(alone.most).toBeLessThan(WAL_HARD_LIMIT_FRAMES + 100);
    expect(alone.restarts).toBeGreaterThanOrEqual(1);
    expect(alone.walBytes).toBeLessThanOrEqual(32 + alone.most * FRAME_BYTES);

    const ended = await open();
    await appendAll(ended, 150);
    expect(ended.database.walCheckpointer?.stats().started).toBe(true);
    // The thread ends (as it would if it failed); the commits go on without it.
    await ended.database.walCheckpointer?.close();
    const after = await appendAll(ended, 600);
    expect(after.most).toBeLessThan(WAL_HARD_LIMIT_FRAMES + 100);
    expect(after.restarts).toBeGreaterThanOrEqual(1);
    const report = await verifyLog(ended.database, { verifiers: [verifierFromVkey(ended.vkey)] });
    expect(report.problems).toEqual([]);
  });

  test('a store whose WAL stays short starts no thread; closing ends the thread and the last connection removes the WAL', async () => {
    const short = await open();
    for (let k = 0; k < 20; k++) await short.store.append('s', k, [event()]);
    expect(short.database.walCheckpointer?.stats().started).toBe(false);

    const long = await open();
    await appendAll(long, 150);
    expect(long.database.walCheckpointer?.stats().started).toBe(true);
    kits.splice(kits.indexOf(long), 1);
    await long.store.close();
    await long.database.close();
    // SQLite deletes the WAL when its last connection closes: the thread's closed first.
    expect(existsSync(`${long.file}-wal`)).toBe(false);
    const again = openDatabase(long.file);
    const size = again.sqlite?.prepare('SELECT count(*) AS n FROM log_leaves').get() as {
      n: number;
    };
    expect(size.n).toBe(150);
    await again.close();
    rmSync(long.dir, { recursive: true, force: true });
  });

  /**
   * Runs `tail` (lines of a script) in a process of its own after opening a SQLite store in a
   * fresh directory (`database`, `store`, and `append(k)` for the k-th single-event append), with
   * `options` (source text) for `openDatabase`; `threads` is declared for their `onThread`.
   */
  async function inProcess(
    tail: readonly string[],
    options = '{}',
  ): Promise<{ stdout: string; code: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'custody-wal-exit-'));
    try {
      const script = join(dir, 'script.mts');
      const src = (p: string) => JSON.stringify(join(ROOT, 'apps/server/src', p));
      const ledger = JSON.stringify(join(ROOT, 'packages/ledger/src/index.ts'));
      writeFileSync(
        script,
        [
          `import { generateSignerKey, signerFromSkey } from ${ledger};`,
          `import { openDatabase } from ${src('db/database.ts')};`,
          `import { migrate } from ${src('db/migrate.ts')};`,
          `import { createEventStore, storeMigrations } from ${src('store/index.ts')};`,
          `const threads: import('node:worker_threads').Worker[] = [];`,
          `const database = openDatabase(${JSON.stringify(join(dir, 'c.sqlite'))}, ${options});`,
          `await migrate(database, storeMigrations);`,
          `const store = await createEventStore({ database, origin: 'custody.test/log',`,
          `  signer: signerFromSkey(generateSignerKey('custody.test/log').skey) });`,
          `const append = (k: number) => store.append('s', k, [{ id: crypto.randomUUID(),`,
          `  type: 'T', occurredAt: '2025-01-01T10:00:00.000Z', recordedAt: '2025-01-01T10:00:05.000Z',`,
          `  actor: { id: 'a', role: 'duty-inspector' }, payload: {} }]);`,
          ...tail,
        ].join('\n'),
      );
      try {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
          cwd: ROOT,
          timeout: 20_000,
        });
        return { stdout, code: 0 };
      } catch (error) {
        const failed = error as { stdout?: string; code?: number };
        return { stdout: failed.stdout ?? '', code: failed.code ?? -1 };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('the thread never keeps the process alive: a process that does not close its database ends', async () => {
    const { stdout, code } = await inProcess([
      `for (let k = 0; k < 150; k++) await append(k);`,
      `console.log(JSON.stringify(database.walCheckpointer?.stats()));`,
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ started: true, error: null });
  });

  test('closing while the thread checkpoints waits for it: the process goes on after close', async () => {
    // The appends stop at the one that asked the thread for its first checkpoint (a WAL of about
    // 1,000 frames to copy and sync), and the database is closed at once. The thread answers that
    // checkpoint before it reads 'close'; the answer once let go of the thread, and a process
    // with nothing else to do then ended in the middle of close (exit code 13, an unsettled
    // top-level await), before the lines after it.
    const { stdout, code } = await inProcess([
      `let k = 0;`,
      `while (database.walCheckpointer?.stats().started !== true) await append(k++);`,
      `await store.close();`,
      `await database.close();`,
      `console.log(JSON.stringify({ closed: true, ...database.walCheckpointer?.stats() }));`,
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ closed: true, error: null, checkpoints: 1 });
  });

  test('a thread that dies is replaced at the first request past its back-off: the new thread checkpoints and the WAL starts over below the hard limit again', async () => {
    const threads: Worker[] = [];
    const kit = await open({ restart: { afterMs: 0 }, onThread: (thread) => threads.push(thread) });
    const checkpointer = checkpointerOf(kit);
    while (checkpointer.stats().checkpoints < 1 && kit.appended < 400) await appendAll(kit, 1);
    expect(threads).toHaveLength(1);
    expect(checkpointer.stats().checkpoints).toBe(1);
    // Ended from outside, as a crash of the thread would end it: an exit nobody asked for.
    expect(await threads[0]?.terminate()).toBe(1);
    const dead = checkpointer.stats();
    expect(dead).toMatchObject({
      restarts: 0,
      failed: false,
      error: 'the WAL checkpoint thread exited (1)',
    });

    // Without a thread the WAL would grow to the hard limit (the test above) and start over once.
    const after = await appendAll(kit, 500);
    expect(threads).toHaveLength(2);
    const stats = checkpointer.stats();
    expect(stats).toMatchObject({
      restarts: 1,
      failed: false,
      error: 'the WAL checkpoint thread exited (1)',
    });
    expect(stats.checkpoints).toBeGreaterThanOrEqual(dead.checkpoints + 2);
    expect(after.restarts).toBeGreaterThanOrEqual(2);
    expect(after.most).toBeLessThan(WAL_HARD_LIMIT_FRAMES);
    expect(await threadMetrics(kit)).toEqual([
      'custody_sqlite_wal_checkpoint_thread_restarts_total 1',
      'custody_sqlite_wal_checkpoint_thread_failed 0',
    ]);
    const report = await verifyLog(kit.database, { verifiers: [verifierFromVkey(kit.vkey)] });
    expect(report.problems).toEqual([]);
    expect(report.size).toBe(kit.appended);
  });

  test('a thread that dies in the checkpoint of the WAL rest lets the write transaction awaiting it go on, and is replaced', async () => {
    const threads: Worker[] = [];
    // Set by the test's end of the thread: the checkpointer, then the rest it was asked for.
    const seen: { checkpointer?: WalCheckpointer; killed: boolean; rest?: Promise<void> } = {
      killed: false,
    };
    const kit = await open({
      restart: { afterMs: 0 },
      onThread: (thread) => {
        threads.push(thread);
        const post = thread.postMessage.bind(thread);
        // The first thread's first request for the rest ends it instead of reaching it: asked,
        // and dead before it answers. The rest's promise exists once `afterCommit` returns.
        thread.postMessage = (message: unknown) => {
          const wal = seen.checkpointer?.state();
          const forRest = wal != null && wal.frames - wal.copied < WAL_CHECKPOINT_FRAMES;
          if (threads.length === 1 && message === 'checkpoint' && forRest && !seen.killed) {
            seen.killed = true;
            queueMicrotask(() => {
              seen.rest = seen.checkpointer?.pending();
            });
            void thread.terminate();
            return;
          }
          post(message);
        };
      },
    });
    const checkpointer = checkpointerOf(kit);
    seen.checkpointer = checkpointer;
    while (!seen.killed && kit.appended < 400) await appendAll(kit, 1);
    expect(seen.killed).toBe(true);
    expect(seen.rest).toBeDefined();
    const outcome = await Promise.race([
      seen.rest?.then(() => 'released'),
      delay(10_000, 'still waiting', { ref: false }),
    ]);
    expect(outcome).toBe('released');
    // The next write transaction, which awaits the rest too, commits.
    await appendAll(kit, 1);
    expect(checkpointer.stats()).toMatchObject({
      restarts: 0,
      error: 'the WAL checkpoint thread exited (1)',
    });
    const checkpoints = checkpointer.stats().checkpoints;

    const after = await appendAll(kit, 300);
    expect(threads).toHaveLength(2);
    expect(checkpointer.stats().restarts).toBe(1);
    expect(checkpointer.stats().checkpoints).toBeGreaterThan(checkpoints);
    expect(after.restarts).toBeGreaterThanOrEqual(1);
    expect(after.most).toBeLessThan(WAL_HARD_LIMIT_FRAMES);
  });

  test('a thread that cannot open its connection is replaced up to the limit of deaths and then no more: the hard limit bounds the WAL, and one warning says the thread is given up', async () => {
    const threads: Worker[] = [];
    const warnings: string[] = [];
    const onWarning = (warning: Error) => {
      if (warning.name === 'CustodyWalCheckpoint') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const kit = await open({
        restart: { afterMs: 0, limit: 3 },
        onThread: (thread) => threads.push(thread),
      });
      const checkpointer = checkpointerOf(kit);
      // Moved away, the file cannot be opened by the thread's new connection (it must exist); the
      // main connection goes on with the file it has open.
      renameSync(kit.file, `${kit.file}.away`);
      while (!checkpointer.stats().failed && kit.appended < 3000) await appendAll(kit, 1);
      renameSync(`${kit.file}.away`, kit.file);
      expect(checkpointer.stats()).toMatchObject({
        started: true,
        restarts: 2,
        failed: true,
        checkpoints: 0,
        error: 'unable to open database file (SQLITE_CANTOPEN)',
      });
      expect(threads).toHaveLength(3);
      expect(await threadMetrics(kit)).toEqual([
        'custody_sqlite_wal_checkpoint_thread_restarts_total 2',
        'custody_sqlite_wal_checkpoint_thread_failed 1',
      ]);

      const after = await appendAll(kit, 600);
      expect(threads).toHaveLength(3);
      expect(checkpointer.stats().restarts).toBe(2);
      expect(after.most).toBeGreaterThanOrEqual(WAL_HARD_LIMIT_FRAMES);
      expect(after.most).toBeLessThan(WAL_HARD_LIMIT_FRAMES + 100);
      expect(after.restarts).toBeGreaterThanOrEqual(1);
      await delay(0);
      expect(warnings).toHaveLength(3);
      expect(warnings.filter((w) => w.includes('is not started again'))).toHaveLength(1);
      expect(warnings[2]).toContain('died 3 times within 3600 s');
      expect(warnings[0]).toContain('a new thread is started at the first checkpoint');
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('closing during the back-off after a death starts no thread, then or after the back-off, and the process ends', async () => {
    // The thread dies at its first checkpoint; 120 appends then take the WAL past the threshold
    // within the back-off (no thread); the checkpointer is closed then, without waiting for the
    // back-off, and once it is over 50 more appends, each of which would ask for a checkpoint,
    // start none. Below the hard limit throughout: the WAL is never copied meanwhile.
    const { stdout, code } = await inProcess(
      [
        `let k = 0;`,
        `while (threads.length === 0 && k < 400) await append(k++);`,
        `await threads[0].terminate();`,
        `const over = performance.now() + 5000;`,
        `const checkpointer = database.walCheckpointer!;`,
        `for (let i = 0; i < 120; i++) await append(k++);`,
        `const during = { ...checkpointer.stats(), wal: checkpointer.state() };`,
        `const closing = performance.now();`,
        `await checkpointer.close();`,
        `const closeMs = performance.now() - closing;`,
        `await new Promise((resolve) => setTimeout(resolve, over - performance.now() + 100));`,
        `for (let i = 0; i < 50; i++) await append(k++);`,
        `const after = { ...checkpointer.stats(), wal: checkpointer.state() };`,
        `await store.close();`,
        `await database.close();`,
        `console.log(JSON.stringify({ during, closeMs, after, threads: threads.length }));`,
      ],
      `{ walCheckpoint: { restart: { afterMs: 5000 }, onThread: (t) => threads.push(t) } }`,
    );
    expect(code).toBe(0);
    type Seen = WalCheckpointStats & { wal: { frames: number; copied: number } };
    const out = JSON.parse(stdout) as {
      during: Seen;
      closeMs: number;
      after: Seen;
      threads: number;
    };
    for (const { wal } of [out.during, out.after]) {
      expect(wal.frames - wal.copied).toBeGreaterThanOrEqual(WAL_CHECKPOINT_FRAMES);
      expect(wal.frames).toBeLessThan(WAL_HARD_LIMIT_FRAMES);
    }
    expect(out.during).toMatchObject({
      restarts: 0,
      failed: false,
      // 0 when it is ended before its script ran.
      error: expect.stringMatching(/^the WAL checkpoint thread exited \([01]\)$/),
    });
    expect(out.closeMs).toBeLessThan(2000);
    expect(out.threads).toBe(1);
    expect(out.after).toMatchObject({ restarts: 0, failed: false });
  });
});
