import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { WitnessesView } from '@custody/contracts';
import {
  generateCosignerKey,
  parsePolicy,
  verifyCheckpointNote,
  type Policy,
} from '@custody/ledger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildExtractBundle } from '../src/documents/extract-bundle.ts';
import { backupDatabase, restoreDatabase } from '../src/ops/backup.ts';
import { generateKeyFile, readSigner } from '../src/ops/keys.ts';
import { allMigrations } from '../src/ops/serve.ts';
import { createEventStore, type EventStore } from '../src/store/index.ts';
import { DIALECTS, freshPostgres, type TestDatabase } from './databases.ts';
import { startProcess, startServerProcess, type ServerProcess } from './server-process.ts';

const ORIGIN = 'custody.drill/log';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `custody …` as a child process: its exit code and output. */
async function custody(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await promisify(execFile)('node', ['bin/custody.mjs', ...args], { cwd: root });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
const WITNESS_BANNER = /listening on (http:\/\/\S+)\/add-checkpoint/;

/**
 * The drills of issue 17 with real processes: the server (CUSTODY_WITNESS_POLICY, a 1 s
 * interval) and two witnesses (`custody witness serve`, each with its own key and state), on
 * each database. Entries are appended by an event store of the test on the same database.
 */
describe.each(DIALECTS)('witnessing drills on %s', (dialect) => {
  let dir: string;
  let pg: TestDatabase | null = null;
  let url: string;
  let server: ServerProcess | null = null;
  const witnesses: (ServerProcess | null)[] = [null, null];
  const witnessKeys = [generateCosignerKey('w1.drill/w'), generateCosignerKey('w2.drill/w')];
  const ports = ['0', '0'];
  let env: Record<string, string>;
  let policy: Policy;
  let database: Database | null = null;
  let store: EventStore | null = null;
  let tag = 0;
  /** The stream of the last append. */
  let stream = '';

  const startWitness = async (i: number, port = ports[i] ?? '0') => {
    const keyFile = join(dir, `w${String(i)}.key`);
    const w = await startProcess(
      [
        'apps/server/src/cli.ts',
        'witness',
        'serve',
        '--key',
        keyFile,
        '--state',
        join(dir, `w${String(i)}.sqlite`),
        '--listen',
        `127.0.0.1:${port}`,
        '--log',
        readSigner(join(dir, 'signing.key')).vkey,
      ],
      {},
      WITNESS_BANNER,
      180_000,
    );
    witnesses[i] = w;
    ports[i] = new URL(w.url).port;
    return w;
  };

  const openStore = async (keyFile = 'signing.key') => {
    database = openDatabase(url);
    await migrate(database, allMigrations);
    store = await createEventStore({
      database,
      signer: readSigner(join(dir, keyFile)),
      origin: ORIGIN,
    });
  };
  const closeStore = async () => {
    await store?.close();
    await database?.close();
    store = null;
    database = null;
  };
  const append = async (n: number) => {
    tag += 1;
    const events = Array.from({ length: n }, (_, i) => ({
      id: crypto.randomUUID(),
      type: 'DrillEntry',
      occurredAt: '2025-03-01T09:00:00.000Z',
      recordedAt: '2025-03-01T09:00:00.000Z',
      actor: { id: `drill-${String(tag)}`, role: 'admin' },
      payload: { i, tag },
    }));
    stream = crypto.randomUUID();
    await store?.append(stream, 0, events);
    return (await store?.latestCheckpoint())?.size ?? 0;
  };
  const view = async () => {
    const r = await fetch(`${server?.url ?? ''}/api/v1/integrity/witnesses`);
    return (await r.json()) as WitnessesView;
  };
  const until = async (what: string, ok: (v: WitnessesView) => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    let last: WitnessesView | null = null;
    while (Date.now() < end) {
      last = await view();
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${what}: ${JSON.stringify(last)}\n${server?.output() ?? ''}`);
  };
  /**
   * `custody verify-extract --policy FILE` (a child process) on the extract of `streamId` as the
   * server builds it (proved against the newest cosigned checkpoint holding the stream).
   */
  const verifyExtractCli = async (streamId: string, policyFile = join(dir, 'policy.txt')) => {
    if (store === null || database === null) throw new Error('no store');
    const signer = readSigner(join(dir, 'signing.key'));
    const bundle = await buildExtractBundle(
      { store, database, signer, witnessPolicy: policy },
      streamId,
    );
    const file = join(dir, `${streamId}.extract.json`);
    writeFileSync(file, JSON.stringify(bundle));
    return custody('verify-extract', file, '--policy', policyFile);
  };
  const served = async () =>
    verifyCheckpointNote(await (await fetch(`${server?.url ?? ''}/log/checkpoint`)).text(), policy);

  /** A new world: database, log key, two witnesses with fresh state, the server, the store. */
  const setUp = async () => {
    ports.fill('0');
    dir = mkdtempSync(join(tmpdir(), 'custody-drill-'));
    if (dialect === 'postgres') {
      pg = await freshPostgres();
      url = pg.url;
    } else {
      url = join(dir, 'custody.sqlite');
    }
    generateKeyFile(join(dir, 'signing.key'), ORIGIN);
    witnessKeys.forEach((k, i) => {
      writeFileSync(join(dir, `w${String(i)}.key`), `${k.skey}\n`, { mode: 0o600 });
    });
    await Promise.all([startWitness(0), startWitness(1)]);
    const logVkey = readSigner(join(dir, 'signing.key')).vkey;
    const text = [
      `log ${logVkey}`,
      `witness w1 ${witnessKeys[0]?.vkey ?? ''} ${witnesses[0]?.url ?? ''}`,
      `witness w2 ${witnessKeys[1]?.vkey ?? ''} ${witnesses[1]?.url ?? ''}`,
      'group both 2 w1 w2',
      'quorum both',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'policy.txt'), text);
    policy = parsePolicy(text);
    env = {
      DATABASE_URL: url,
      CUSTODY_KEY_FILE: join(dir, 'signing.key'),
      CUSTODY_ORIGIN: ORIGIN,
      CUSTODY_WEB_DIST: join(dir, 'no-web'),
      CUSTODY_WITNESS_POLICY: join(dir, 'policy.txt'),
      CUSTODY_WITNESS_INTERVAL: '1',
    };
    server = await startServerProcess(env, 180_000);
    await openStore();
  };
  const tearDown = async () => {
    await closeStore();
    await server?.stop();
    server = null;
    await Promise.all(witnesses.map((w) => (w === null ? Promise.resolve() : w.stop())));
    witnesses.fill(null);
    await pg?.drop();
    pg = null;
    rmSync(dir, { recursive: true, force: true });
  };
  beforeAll(setUp, 480_000);
  afterAll(tearDown);

  /**
   * What an operator with the database's owner rights can do to hide entries: drop the
   * append-only guards and delete every row past `size` (leaves, payloads, tree nodes,
   * checkpoints, the cosignatures and what the log knew of its witnesses), and set the head back.
   */
  const deleteTail = async (size: number) => {
    const db = openDatabase(url);
    try {
      await db.db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') {
          await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        } else {
          for (const t of ['log_leaves', 'log_nodes', 'checkpoints']) {
            await sql.raw(`DROP TRIGGER ${t}_no_delete`).execute(trx);
          }
          await sql.raw('DROP TRIGGER log_payloads_erasure_only').execute(trx);
        }
        const span = dialect === 'postgres' ? sql`(CAST(1 AS BIGINT) << level)` : sql`(1 << level)`;
        await sql`DELETE FROM log_payloads WHERE log_index >= ${size}`.execute(trx);
        await sql`DELETE FROM log_leaves WHERE log_index >= ${size}`.execute(trx);
        await sql`DELETE FROM log_nodes WHERE (idx + 1) * ${span} > ${size}`.execute(trx);
        await sql`DELETE FROM checkpoints WHERE size > ${size}`.execute(trx);
        await sql`UPDATE log_head SET size = ${size}, root = (SELECT root FROM checkpoints WHERE size = ${size})`.execute(
          trx,
        );
        await sql`DELETE FROM log_cosignatures WHERE size > ${size}`.execute(trx);
        await sql`DELETE FROM log_witness_status`.execute(trx);
      });
    } finally {
      await db.close();
    }
  };

  test('witnessed, one witness down, a restored backup and a fork: every refusal is an alert', async () => {
    // 1. Both witnesses cosign; the served checkpoint meets the 2-of-2 quorum; /metrics shows it.
    const first = await append(5);
    const both = await until('both cosign', (v) => v.quorumSize === first);
    expect(both.quorum).toBe('2 of (w1, w2)');
    expect(both.witnesses.map((w) => [w.name, w.cosignedSize, w.alert])).toEqual([
      ['w1', first, null],
      ['w2', first, null],
    ]);
    const cp = await served();
    expect(cp.checkpoint.size).toBe(first);
    expect(cp.quorum).toBe(true);
    const metrics = await (await fetch(`${server?.url ?? ''}/metrics`)).text();
    expect(metrics).toContain(`custody_witness_cosigned_size{witness="w1"} ${String(first)}`);
    expect(metrics).toMatch(/custody_witness_cosigned_age_seconds\{witness="w2"\} \d+/);
    expect(metrics).toContain('custody_witness_alert{witness="w1"} 0');
    const watch = (...more: string[]) =>
      custody(
        'monitor',
        '--url',
        `${server?.url ?? ''}/log`,
        '--state',
        join(dir, 'monitor.json'),
        ...more,
      );
    const quorate = await watch('--policy', join(dir, 'policy.txt'));
    expect(quorate, quorate.out).toMatchObject({ code: 0 });
    expect(quorate.out).toContain(`size ${String(first)}`);
    const firstStream = stream;
    const witnessed = await verifyExtractCli(firstStream);
    expect(witnessed, witnessed.out).toMatchObject({ code: 0 });
    expect(witnessed.out).toContain('witnesses: quorum 2 of (w1, w2) MET, cosigned by w1, w2');
    expect(witnessed.out).toContain(`size ${String(first)}`);
    await backupDatabase(url, join(dir, 'backup.db'));

    // 2. 2-of-2 with one witness down: w1 goes on, the quorum stays at the old size.
    await witnesses[1]?.stop();
    const second = await append(3);
    const down = await until(
      'w1 alone',
      (v) => v.witnesses[0]?.cosignedSize === second && v.witnesses[1]?.lastError !== null,
    );
    expect(down.quorumSize).toBe(first);
    expect(down.witnesses[1]?.alert).toBeNull();
    // /log/checkpoint stays on the checkpoint the quorum cosigned; the latest has w1's line only
    const kept = await served();
    expect(kept.checkpoint.size).toBe(first);
    expect(kept.quorum).toBe(true);
    const lonely = verifyCheckpointNote(
      await (await fetch(`${server?.url ?? ''}/api/v1/integrity/checkpoint`)).text(),
      policy,
    );
    expect(lonely.checkpoint.size).toBe(second);
    expect(lonely.cosignatures.map((c) => c.witness)).toEqual(['w1']);
    expect(lonely.quorum).toBe(false);
    // an extract of the new entries has w1's cosignature only: not witnessed under 2-of-2, exit 1
    const secondStream = stream;
    const unwitnessed = await verifyExtractCli(secondStream);
    expect(unwitnessed.code, unwitnessed.out).toBe(1);
    expect(unwitnessed.out).toContain('INTACT BUT NOT WITNESSED');
    expect(unwitnessed.out).toMatch(
      /the witness quorum 2 of \(w1, w2\) is not met on the checkpoint of size \d+ \(cosigned by w1\)/,
    );
    // … and witnessed under a 1-of-2 policy; the older extract still verifies under 2-of-2
    writeFileSync(
      join(dir, 'any.txt'),
      readFileSync(join(dir, 'policy.txt'), 'utf8').replace('group both 2', 'group both any'),
    );
    const anyOne = await verifyExtractCli(secondStream, join(dir, 'any.txt'));
    expect(anyOne, anyOne.out).toMatchObject({ code: 0 });
    expect((await verifyExtractCli(firstStream)).code).toBe(0);
    await startWitness(1);
    await until('w2 back', (v) => v.quorumSize === second);
    const vkey = readSigner(join(dir, 'signing.key')).vkey;
    expect((await watch('--vkey', vkey)).out).toContain(`size ${String(second)}`);

    // 3. Restore the old backup and append other entries: a smaller tree than the witnesses
    //    hold (the tail deleted), then a different history past it (a fork).
    await server?.stop();
    await closeStore();
    await restoreDatabase(url, join(dir, 'backup.db'), true);
    await openStore();
    expect(await append(2)).toBe(first + 2);
    expect(first + 2).toBeLessThan(second);
    server = await startServerProcess(env, 120_000);
    const behind = await until('both refuse the shorter log', (v) =>
      v.witnesses.every((w) => w.alert !== null),
    );
    for (const w of behind.witnesses) {
      expect(w.lastStatus).toBe(409);
      expect(w.alert).toContain('rolled back or truncated');
    }
    const forked = await append(4);
    expect(forked).toBeGreaterThan(second);
    const fork = await until('both refuse the fork', (v) =>
      v.witnesses.every((w) => w.lastStatus === 422),
    );
    for (const w of fork.witnesses) expect(w.alert).toContain('fork');
    expect(fork.quorumSize).toBe(first);
    expect(server.output()).toContain('WITNESS ALERT');
    const alerted = await (await fetch(`${server.url}/metrics`)).text();
    expect(alerted).toContain('custody_witness_alert{witness="w2"} 1');
    // the monitor, which accepted the log at its old size, reports it
    const caught = await watch('--vkey', vkey);
    expect(caught.code).toBe(1);
    expect(caught.out).toContain('MONITOR ALERT');
    // the restored database kept only the cosignatures from before the backup
    expect(fork.witnesses.map((w) => w.cosignedSize)).toEqual([first, first]);
  }, 400_000);

  test('a deleted tail and a forged log signature: the witnesses refuse (409, 403), the server alerts', async () => {
    await tearDown();
    await setUp();
    const first = await append(6);
    await until('both cosign', (v) => v.quorumSize === first);
    const second = await append(4);
    await until('both cosign again', (v) => v.quorumSize === second);

    // 1. Delete the tail behind the server's back: the log now ends where it was at `first`.
    await server?.stop();
    await closeStore();
    await deleteTail(first);
    await openStore();
    expect((await store?.latestCheckpoint())?.size).toBe(first);
    server = await startServerProcess(env, 120_000);
    const cut = await until('both refuse the shorter log', (v) =>
      v.witnesses.every((w) => w.alert !== null),
    );
    expect(cut.logSize).toBe(first);
    for (const w of cut.witnesses) {
      expect(w.lastStatus).toBe(409);
      expect(w.alert).toContain(
        `the witness holds a tree of ${String(second)} entries, larger than the log's ${String(first)}: the log was rolled back or truncated`,
      );
    }
    expect(server.output()).toContain('WITNESS ALERT');
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain(
      'custody_witness_alert{witness="w1"} 1',
    );
    // what the witnesses cosigned before is still a quorum's; nothing after it is
    expect(cut.quorumSize).toBe(first);
    const vkey = readSigner(join(dir, 'signing.key')).vkey;

    // 2. A checkpoint under a forged log key: the server is given another key of the same
    //    origin and a policy naming it; the witnesses keep the log's real key and refuse.
    await server.stop();
    await closeStore();
    generateKeyFile(join(dir, 'forged.key'), ORIGIN);
    const forgedVkey = readSigner(join(dir, 'forged.key')).vkey;
    expect(forgedVkey).not.toBe(vkey);
    writeFileSync(
      join(dir, 'forged-policy.txt'),
      readFileSync(join(dir, 'policy.txt'), 'utf8').replace(vkey, forgedVkey),
    );
    await openStore('forged.key');
    const forged = await append(3);
    server = await startServerProcess(
      {
        ...env,
        CUSTODY_KEY_FILE: join(dir, 'forged.key'),
        CUSTODY_WITNESS_POLICY: join(dir, 'forged-policy.txt'),
      },
      120_000,
    );
    const refused = await until('both refuse the forged signature', (v) =>
      v.witnesses.every((w) => w.lastStatus === 403),
    );
    expect(refused.logSize).toBe(forged);
    for (const w of refused.witnesses) {
      expect(w.alert).toContain('the witness does not accept the log signature');
      expect(w.alert).toContain('no valid signature by the log');
      expect(w.cosignedSize).toBe(first);
    }
    expect(refused.quorumSize).toBe(first);
    expect(server.output()).toContain('WITNESS ALERT');
  }, 400_000);
});
