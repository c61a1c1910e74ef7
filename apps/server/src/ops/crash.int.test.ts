import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CommandResult, RecordPage, RecordView, Whiteboard } from '@custody/contracts';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { TEST_PASSWORD, TEST_TOTP_SECRET } from '../../test/http/harness.ts';
import { sessionRequest, signInOverHttp, type HttpSession } from '../../test/http/http-session.ts';
import { startServerProcess, type ServerProcess } from '../../test/server-process.ts';
import { createUnit, createUser } from '../accounts/index.ts';
import { migrate } from '../db/migrate.ts';
import { createEventStore, type EventStore, type StoredEvent } from '../store/index.ts';
import { allMigrations } from './serve.ts';

/** Kill-and-restart cycles per dialect; `CUSTODY_CRASH_CYCLES` for a longer run (docs/operations.md). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CYCLES = Number(process.env['CUSTODY_CRASH_CYCLES'] ?? 3);
const WRITERS = 4;
const run = promisify(execFile);

interface Acked {
  readonly logIndex: number;
  readonly leafHash: string;
}

interface Sessions {
  readonly officer: HttpSession;
  readonly duty: HttpSession;
  readonly hq: HttpSession;
}

interface Tally {
  /** Acknowledged events (201 with a receipt) over every cycle. */
  acknowledged: number;
  /** Acknowledged receipts whose index does not hold their leaf hash after a restart. */
  lost: number;
  /** Checks after which the log's indexes were not 0..size-1. */
  gaps: number;
  /** Checks after which `custody verify` failed. */
  unverified: number;
  /** Records in the log not visible, or visible at another version, to someone entitled. */
  stale: number;
  /** Answers other than 201 while the server was up (a writer stops at its first). */
  refused: string[];
  /** SQLite: the WAL checkpoints each killed process's thread had run before its kill. */
  walCheckpoints: number[];
}

/**
 * On SQLite the WAL checkpoint thread checkpoints past 16 frames (about two appends) instead of
 * 1,000, so that it is checkpointing most of the time and the kills fall during its checkpoints
 * as well as between them.
 */
const WAL_FRAMES = 16;

/** The server's count of WAL checkpoints its thread ran (`/metrics`, open to the loopback). */
async function walCheckpointsOf(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = /^custody_sqlite_wal_checkpoints_total (\d+)$/m.exec(text);
  return line === null ? -1 : Number(line[1]);
}

/** The cycle's kill delay, ms: spread over the writers' work, the same on every run. */
const killAfter = (cycle: number) => 350 + ((cycle * 7919) % 900);
/** Acknowledged appends each cycle waits for before its kill. */
const MIN_ACKED_PER_CYCLE = 6;

async function writer(
  url: string,
  s: Sessions,
  unitId: string,
  n: number,
  acked: Acked[],
  t: Tally,
) {
  const ack = (r: { status: number; body: unknown }, what: string): CommandResult | null => {
    if (r.status !== 201) {
      t.refused.push(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
      return null;
    }
    const result = r.body as CommandResult;
    for (const receipt of result.receipts) acked.push(receipt);
    t.acknowledged += result.receipts.length;
    return result;
  };
  try {
    for (let k = 0; ; k++) {
      const t0 = new Date(Date.now() - 10 * 60_000).toISOString();
      const open = await sessionRequest(url, s.officer, 'POST', '/api/v1/records', {
        occurredAt: t0,
        payload: detentionPayload(),
      });
      let last = ack(open, 'open');
      if (last === null) return;
      const steps = [
        { as: s.officer, type: 'RecordDelivery', payload: { unitId } },
        { as: s.duty, type: 'RegisterDetainee', payload: { custodyNumber: `C-${n}-${k}` } },
        ...Array.from({ length: 3 }, () => ({
          as: s.duty,
          type: 'RecordCellCheck',
          payload: { condition: 'Спить', roused: false, concern: false },
        })),
      ];
      for (const step of steps) {
        const path = `/api/v1/records/${last.recordId}/commands/${step.type}`;
        const response = await sessionRequest(url, step.as, 'POST', path, {
          occurredAt: new Date().toISOString(),
          expectedVersion: last.version,
          payload: step.payload,
        });
        last = ack(response, step.type);
        if (last === null) return;
      }
    }
  } catch {
    // The server was killed under the request: unacknowledged, it may or may not be in the log.
  }
}

async function wholeLog(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (;;) {
    const page = await store.readLog(out.length, 5000);
    out.push(...page);
    if (page.length < 5000) return out;
  }
}

/** The records of the log (streams opened by DetentionRecorded) and their stream versions. */
function recordsOf(log: readonly StoredEvent[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of log) {
    if (e.streamVersion === 1 && e.type === 'DetentionRecorded') out.set(e.streamId, 1);
    else if (out.has(e.streamId)) out.set(e.streamId, e.streamVersion);
  }
  return out;
}

async function listed(url: string, s: HttpSession): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let cursor: string | null = null; ;) {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const r = await sessionRequest(url, s, 'GET', `/api/v1/records?limit=200${query}`);
    const page = r.body as RecordPage;
    for (const item of page.items) out.set(item.id, item.version);
    cursor = page.nextCursor;
    if (cursor === null) return out;
  }
}

/** Visibility of every record of the log to its unit's staff and to HQ; returns how many fail. */
async function invisible(url: string, s: Sessions, unitId: string, records: Map<string, number>) {
  const list = await listed(url, s.duty);
  const board = (await sessionRequest(url, s.duty, 'GET', `/api/v1/units/${unitId}/whiteboard`))
    .body as Whiteboard;
  const onBoard = new Map(board.rows.map((r) => [r.summary.id, r.summary.version]));
  let failed = 0;
  for (const [id, version] of records) {
    const duty = await sessionRequest(url, s.duty, 'GET', `/api/v1/records/${id}`);
    const hq = await sessionRequest(url, s.hq, 'GET', `/api/v1/records/${id}?reason=audit`);
    const seen = [
      list.get(id),
      onBoard.get(id),
      duty.status === 200 ? (duty.body as RecordView).summary.version : -1,
      hq.status === 200 ? (hq.body as RecordView).summary.version : -1,
    ];
    if (seen.some((v) => v !== version)) failed += 1;
  }
  return failed;
}

describe.each(DIALECTS)('the real server killed while writers append, on %s', (dialect) => {
  let database: TestDatabase;
  let store: EventStore;
  let dir: string;
  let env: Record<string, string>;
  let unitId: string;
  let served: ServerProcess | null = null;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await migrate(database, allMigrations);
    dir = mkdtempSync(join(tmpdir(), 'custody-crash-'));
    env = { DATABASE_URL: database.url, CUSTODY_KEY_FILE: join(dir, 'signing.key') };
    if (dialect === 'sqlite') env['CUSTODY_WAL_CHECKPOINT_FRAMES'] = String(WAL_FRAMES);
    unitId = (await createUnit(database, { name: 'Відділ 1', code: 'C1' })).id;
    const user = (username: string, role: 'detaining_officer' | 'duty_inspector' | 'hq') =>
      createUser(database, {
        username,
        password: TEST_PASSWORD,
        displayName: username,
        role,
        unitId: role === 'hq' ? null : unitId,
        ...(role === 'hq' ? { totpSecret: TEST_TOTP_SECRET } : {}),
      });
    await user('officer', 'detaining_officer');
    await user('duty', 'duty_inspector');
    await user('hq', 'hq');
    const throwaway = signerFromSkey(generateSignerKey('custody.test/log').skey);
    store = await createEventStore({ database, signer: throwaway, origin: 'custody.test/log' });
  });
  afterAll(async () => {
    await served?.stop('SIGKILL');
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function check(s: Sessions, acked: readonly Acked[], t: Tally): Promise<void> {
    const log = await wholeLog(store);
    const head = await sql<{ size: number | string }>`SELECT size FROM log_head`.execute(
      database.db,
    );
    const size = Number(head.rows[0]?.size ?? -1);
    if (log.length !== size || log.some((e, i) => e.logIndex !== i)) t.gaps += 1;
    t.lost += acked.filter((a) => log[a.logIndex]?.leafHash !== a.leafHash).length;
    const verify = await run('node', ['bin/custody.mjs', 'verify', '--json'], {
      cwd: ROOT,
      env: { ...process.env, CUSTODY_CONFIG: '', ...env },
    }).then(
      (r) => (JSON.parse(r.stdout) as { ok: boolean }).ok,
      () => false,
    );
    if (!verify) t.unverified += 1;
    if (served !== null) t.stale += await invisible(served.url, s, unitId, recordsOf(log));
  }

  test(
    `${String(CYCLES)} SIGKILLs and restarts: no acknowledged entry lost, every record visible`,
    { timeout: 120_000 + CYCLES * 60_000 },
    async () => {
      const acked: Acked[] = [];
      const t: Tally = {
        acknowledged: 0,
        lost: 0,
        gaps: 0,
        unverified: 0,
        stale: 0,
        refused: [],
        walCheckpoints: [],
      };
      let sessions: Sessions | null = null;
      for (let cycle = 0; ; cycle++) {
        served = await startServerProcess(env);
        const url = served.url;
        sessions ??= {
          officer: await signInOverHttp(url, 'officer', TEST_PASSWORD),
          duty: await signInOverHttp(url, 'duty', TEST_PASSWORD),
          hq: await signInOverHttp(url, 'hq', TEST_PASSWORD, TEST_TOTP_SECRET),
        };
        if (cycle > 0) await check(sessions, acked, t);
        if (cycle === CYCLES) break;
        const s = sessions;
        const writing = Promise.all(
          Array.from({ length: WRITERS }, (_, n) =>
            writer(url, s, unitId, cycle * WRITERS + n, acked, t),
          ),
        );
        // Kill at a varying moment, but only once this cycle's writers have been
        // acknowledged a few times: on a loaded machine a fixed delay can end a
        // cycle before anything was written, and the cycle would test nothing.
        const before = t.acknowledged;
        await new Promise((resolve) => setTimeout(resolve, killAfter(cycle)));
        for (let waited = 0; t.acknowledged - before < MIN_ACKED_PER_CYCLE && waited < 60_000;) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          waited += 50;
        }
        if (dialect === 'sqlite') t.walCheckpoints.push(await walCheckpointsOf(url));
        await served.stop('SIGKILL');
        await writing;
      }
      await served.stop('SIGTERM');
      served = null;
      console.log(
        `crash test on ${dialect}: ${String(CYCLES)} cycles, ${String(t.acknowledged)} acknowledged events, ${String(t.lost)} lost, ${String(t.gaps)} gaps, ${String(t.unverified)} failed verifications, ${String(t.stale)} stale or invisible records${dialect === 'sqlite' ? `, WAL checkpoints before each kill: ${t.walCheckpoints.join(', ')}` : ''}`,
      );
      expect(t.refused).toEqual([]);
      expect({ lost: t.lost, gaps: t.gaps, unverified: t.unverified, stale: t.stale }).toEqual({
        lost: 0,
        gaps: 0,
        unverified: 0,
        stale: 0,
      });
      expect(t.acknowledged).toBeGreaterThanOrEqual(CYCLES * MIN_ACKED_PER_CYCLE);
      // On SQLite every process killed had its thread checkpointing the WAL while it wrote.
      if (dialect === 'sqlite') {
        expect(t.walCheckpoints).toHaveLength(CYCLES);
        for (const n of t.walCheckpoints) expect(n).toBeGreaterThan(0);
      }
    },
  );
});
