import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Whiteboard } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUnit, createUser } from '../src/accounts/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { generateKeyFile } from '../src/ops/keys.ts';
import { allMigrations } from '../src/ops/serve.ts';
import { freshPostgres, freshSqlite, type TestDatabase } from './databases.ts';
import { detentionPayload } from './http/command-walk.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASSWORD = 'a password for several processes';

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

async function signIn(server: ServerProcess, username: string, password = PASSWORD) {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await r.json()) as { csrfToken?: string; code?: string };
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { status: r.status, code: body.code, session: { cookie, csrf: body.csrfToken ?? '' } };
}

async function post(server: ServerProcess, as: Session, path: string, body: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: as.cookie, 'x-csrf-token': as.csrf },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

const command = (
  server: ServerProcess,
  as: Session,
  recordId: string,
  type: string,
  expectedVersion: number,
  payload: unknown,
) =>
  post(server, as, `/api/v1/records/${recordId}/commands/${type}`, {
    occurredAt: new Date().toISOString(),
    expectedVersion,
    payload,
  });

/** Collects a server-sent event stream's `id:` lines until `count` arrived; resolves their times. */
function watch(server: ServerProcess, as: Session, path: string) {
  const arrivals: { id: number; at: number }[] = [];
  let text = '';
  let onData: () => void = () => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { headers: { cookie: as.cookie } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes(': connected')) resolve();
        for (const m of chunk.matchAll(/^id: (\d+)$/gm)) {
          arrivals.push({ id: Number(m[1]), at: performance.now() });
        }
        onData();
      });
    });
    req.on('error', reject);
    req.end();
    closers.push(() => {
      req.destroy();
    });
  });
  const until = (id: number, timeoutMs: number) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`event ${id} not seen on ${path}: ${text}`));
      }, timeoutMs);
      onData = () => {
        const hit = arrivals.find((a) => a.id === id);
        if (hit === undefined) return;
        clearTimeout(timer);
        resolve(hit.at);
      };
      onData();
    });
  return { connected, until, arrivals };
}

const closers: (() => void)[] = [];

describe('several server processes on one PostgreSQL database', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let dir: string;
  let servers: ServerProcess[] = [];
  let unitId = '';
  const env: Record<string, string> = {};

  beforeAll(async () => {
    db = await freshPostgres();
    dir = mkdtempSync(join(tmpdir(), 'custody-processes-'));
    await migrate(db, allMigrations);
    unitId = (await createUnit(db, { name: 'Відділ', code: 'MP' })).id;
    for (const [username, role] of [
      ['officer', 'detaining_officer'],
      ['duty', 'duty_inspector'],
      ['locked', 'duty_inspector'],
    ] as const) {
      await createUser(db, { username, password: PASSWORD, displayName: username, role, unitId });
    }
    const keyFile = join(dir, 'signing.key');
    generateKeyFile(keyFile, 'custody.processes/log');
    Object.assign(env, {
      DATABASE_URL: db.url,
      CUSTODY_KEY_FILE: keyFile,
      CUSTODY_ORIGIN: 'custody.processes/log',
      CUSTODY_WEB_DIST: join(dir, 'no-web'),
    });
    servers = await Promise.all([0, 1, 2].map(() => startServerProcess(env)));
  }, 120_000);

  afterAll(async () => {
    for (const c of closers) c();
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const [a, b, c] = [0, 1, 2].map((i) => () => {
    const s = servers[i];
    if (s === undefined) throw new Error(`no server ${i}`);
    return s;
  }) as [() => ServerProcess, () => ServerProcess, () => ServerProcess];

  /** Opens and delivers a record through `server`; returns its id and version. */
  async function deliveredRecord(server: ServerProcess) {
    const officer = (await signIn(server, 'officer')).session;
    const opened = await post(server, officer, '/api/v1/records', {
      occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      payload: detentionPayload(),
    });
    expect(opened.status).toBe(201);
    const recordId = opened.body['recordId'] as string;
    const delivered = await command(server, officer, recordId, 'RecordDelivery', 1, { unitId });
    expect(delivered.status).toBe(201);
    return { recordId, version: 2 };
  }

  test('an entry written through A reaches the whiteboard and record streams on B within 1 s', async () => {
    const { recordId, version } = await deliveredRecord(a());
    const dutyOnA = (await signIn(a(), 'duty')).session;
    const dutyOnB = (await signIn(b(), 'duty')).session;
    const board = watch(b(), dutyOnB, `/api/v1/units/${unitId}/whiteboard/stream`);
    const record = watch(b(), dutyOnB, `/api/v1/records/${recordId}/stream`);
    await Promise.all([board.connected, record.connected]);
    for (let i = 0; i < 3; i++) {
      const r = await command(a(), dutyOnA, recordId, 'OfferDrink', version + i, {
        accepted: true,
      });
      expect(r.status).toBe(201);
      const answered = performance.now();
      const logIndex = (r.body['events'] as { logIndex: number }[])[0]?.logIndex ?? -1;
      const [onBoard, onRecord] = await Promise.all([
        board.until(logIndex, 5000),
        record.until(logIndex, 5000),
      ]);
      expect(Math.max(onBoard, onRecord) - answered).toBeLessThan(1000);
    }
    expect(board.arrivals.map((x) => x.id)).toEqual(record.arrivals.map((x) => x.id));
  });

  test('a whiteboard B keeps for its readers shows a write through A on the next request', async () => {
    const { recordId, version } = await deliveredRecord(a());
    const dutyOnA = (await signIn(a(), 'duty')).session;
    const dutyOnB = (await signIn(b(), 'duty')).session;
    const boardOnB = async () => {
      const r = await fetch(`${b().url}/api/v1/units/${unitId}/whiteboard`, {
        headers: { cookie: dutyOnB.cookie },
      });
      expect(r.status).toBe(200);
      return (await r.json()) as Whiteboard;
    };
    let v = version;
    // A round proves the point only when B's board was still young enough to be served again
    // when asked after the write (the servers' clocks are real): then only the stamp renewed it.
    let proved = 0;
    for (let round = 0; round < 6 && proved < 2; round++) {
      const before = await boardOnB();
      const again = await boardOnB();
      const written = await command(a(), dutyOnA, recordId, 'OfferDrink', v, { accepted: true });
      expect(written.status).toBe(201);
      v = written.body['version'] as number;
      const after = await boardOnB();
      expect(after.rows.find((r) => r.summary.id === recordId)?.summary.version).toBe(v);
      const young = Date.parse(after.now) - Date.parse(before.now) < 1000;
      if (young && again.now === before.now) proved += 1;
    }
    expect(proved).toBeGreaterThan(0);

    // A detention opened through A is on B's board at the next request.
    const seen = await boardOnB();
    const { recordId: fresh } = await deliveredRecord(a());
    const next = await boardOnB();
    expect(next.rows.map((r) => r.summary.id)).toContain(fresh);
    expect(next.rows).toHaveLength(seen.rows.length + 1);
  });

  test('concurrent commands on one record through three processes: one success per version, the rest typed conflicts', async () => {
    const opened = await deliveredRecord(b());
    const recordId = opened.recordId;
    let version = opened.version;
    const duty = await Promise.all(servers.map(async (s) => (await signIn(s, 'duty')).session));
    for (let round = 0; round < 6; round++) {
      const tries = servers.flatMap((s, i) =>
        [0, 1].map(() =>
          command(s, duty[i] as Session, recordId, 'OfferDrink', version, { accepted: true }),
        ),
      );
      const results = await Promise.all(tries);
      const won = results.filter((r) => r.status === 201);
      const lost = results.filter((r) => r.status !== 201);
      expect(won).toHaveLength(1);
      for (const r of lost) {
        expect(r.status).toBe(409);
        expect(r.body['code']).toBe('version_conflict');
      }
      version = won[0]?.body['version'] as number;
    }
    expect(version).toBe(8);
  });

  test('a command through B after a write through A is decided on the state A left', async () => {
    const { recordId, version } = await deliveredRecord(a());
    const dutyOnA = (await signIn(a(), 'duty')).session;
    const dutyOnB = (await signIn(b(), 'duty')).session;
    const seen = await fetch(`${b().url}/api/v1/records/${recordId}`, {
      headers: { cookie: dutyOnB.cookie },
    });
    expect(seen.status).toBe(200);
    const registered = await command(a(), dutyOnA, recordId, 'RegisterDetainee', version, {
      custodyNumber: 'MP-1',
    });
    expect(registered.status).toBe(201);
    const stale = await command(b(), dutyOnB, recordId, 'RegisterDetainee', version, {
      custodyNumber: 'MP-2',
    });
    expect(stale.status).toBe(409);
    expect(stale.body['code']).toBe('version_conflict');
    const again = await command(b(), dutyOnB, recordId, 'RegisterDetainee', version + 1, {
      custodyNumber: 'MP-2',
    });
    expect(again.status).toBe(422);
    const view = await fetch(`${c().url}/api/v1/records/${recordId}`, {
      headers: { cookie: (await signIn(c(), 'duty')).session.cookie },
    });
    expect(((await view.json()) as { summary: { custodyNumber: string } }).summary).toMatchObject({
      custodyNumber: 'MP-1',
    });
  });

  test('a lockout after failed sign-ins through A holds through B and C', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await signIn(a(), 'locked', 'not the password')).status).toBe(401);
    }
    for (const s of [b(), c()]) {
      const r = await signIn(s, 'locked');
      expect(r.status).toBe(429);
      expect(r.code).toBe('locked_out');
    }
  });

  test('a session signed out through A is refused by B and C on their next request', async () => {
    const duty = (await signIn(a(), 'duty')).session;
    const me = (s: ServerProcess) =>
      fetch(`${s.url}/api/v1/session`, { headers: { cookie: duty.cookie } }).then((r) => r.status);
    expect(await Promise.all([a(), b(), c()].map(me))).toEqual([200, 200, 200]);
    const out = await fetch(`${a().url}/api/v1/session`, {
      method: 'DELETE',
      headers: { cookie: duty.cookie, 'x-csrf-token': duty.csrf },
    });
    expect(out.status).toBe(204);
    expect(await Promise.all([b(), c(), a()].map(me))).toEqual([401, 401, 401]);
  });

  test('custody verify passes on the log the processes wrote together', async () => {
    const r = await promisify(execFile)(
      process.execPath,
      ['bin/custody.mjs', 'verify', '--database', db.url],
      { cwd: root, env: { ...process.env, CUSTODY_KEY_FILE: env['CUSTODY_KEY_FILE'] } },
    );
    expect(r.stdout).toMatch(/intact|цілісн/i);
  });
});

describe('SQLite serves one process', { timeout: 180_000 }, () => {
  test('a second server process on the same file says so and exits; once the first ends, one may start', async () => {
    const db = freshSqlite();
    const dir = mkdtempSync(join(tmpdir(), 'custody-single-'));
    try {
      const env = { DATABASE_URL: db.url, CUSTODY_KEY_FILE: join(dir, 'signing.key') };
      const first = await startServerProcess(env);
      const refused = await startServerProcess(env).then(
        (s) => s.stop().then(() => 'started'),
        (error: unknown) => String(error),
      );
      expect(refused).toContain('exited (1)');
      expect(refused).toContain('Another server process already serves');
      expect(refused).toContain(db.url);
      await first.stop();
      const next = await startServerProcess(env);
      await next.stop();
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
