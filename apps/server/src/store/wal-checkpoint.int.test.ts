import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateSignerKey, signerFromSkey, verifierFromVkey } from '@custody/ledger';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { WAL_CHECKPOINT_FRAMES, WAL_HARD_LIMIT_FRAMES } from '../db/wal-checkpointer.ts';
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

async function open(thread = true): Promise<Kit> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-wal-'));
  const file = join(dir, 'custody.sqlite');
  const database = openDatabase(file, { walCheckpoint: { thread } });
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

afterEach(async () => {
  for (const kit of kits.splice(0)) {
    await kit.store.close();
    await kit.database.close();
    rmSync(kit.dir, { recursive: true, force: true });
  }
});

describe('SQLite: the WAL is checkpointed by a thread of its own, off the event loop', () => {
  test('the counters read from the wal-index are those SQLite reports', async () => {
    const kit = await open(false);
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
    const none = await open(false);
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
   * fresh directory (`database`, `store`, and `append(k)` for the k-th single-event append).
   */
  async function inProcess(tail: readonly string[]): Promise<{ stdout: string; code: number }> {
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
          `const database = openDatabase(${JSON.stringify(join(dir, 'c.sqlite'))});`,
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
});
