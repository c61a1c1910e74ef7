import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const run = promisify(execFile);
// Every command starts node and tsx afresh: allow for a loaded machine.
const SLOW = { timeout: 600_000 };
const NOW = '2025-03-01T10:00:00.000Z';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function custodyIn(env: Record<string, string>) {
  return async (...args: string[]): Promise<Result> => {
    try {
      const { stdout, stderr } = await run('node', ['bin/custody.mjs', ...args], {
        cwd: root,
        env: { ...process.env, CUSTODY_CONFIG: '', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as Result;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the test states the shape it expects
const parsed = <T>(r: Result): T => JSON.parse(r.stdout) as T;

describe.each(DIALECTS)('custody commands as child processes on %s', (dialect) => {
  let db: TestDatabase;
  let restored: TestDatabase;
  let dir: string;
  let custody: ReturnType<typeof custodyIn>;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    restored = await freshDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'custody-cli-'));
    custody = custodyIn({ DATABASE_URL: db.url, CUSTODY_KEY_FILE: join(dir, 'signing.key') });
  });
  afterAll(async () => {
    await db.drop();
    await restored.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('help, unknown commands and bad options', SLOW, async () => {
    const help = await custody('--help');
    expect(help.code).toBe(0);
    for (const c of [
      'serve',
      'migrate',
      'seed',
      'users',
      'units',
      'cells',
      'key',
      'checkpoint',
      'backup',
      'restore',
      'rebuild-projections',
    ]) {
      expect(help.stdout).toContain(c);
    }
    expect((await custody('frobnicate')).code).toBe(2);
    const bad = await custody('migrate', '--frob');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('custody migrate');
    const badConfig = await custodyIn({ DATABASE_URL: db.url, PORT: 'eighty' })('migrate');
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('PORT');
  });

  test('migrate applies every migration once', SLOW, async () => {
    const first = await custody('migrate', '--json');
    expect(first.code).toBe(0);
    expect(parsed<{ applied: string[] }>(first).applied).toContain('0100-store-log');
    const again = await custody('migrate', '--json');
    expect(parsed<{ applied: string[] }>(again).applied).toEqual([]);
  });

  test(
    'key generate writes a private file and never overwrites; show-vkey prints its vkey',
    SLOW,
    async () => {
      const file = join(dir, 'other.key');
      const g = await custody('key', 'generate', '--out', file, '--json');
      expect(g.code).toBe(0);
      const { vkey } = parsed<{ vkey: string }>(g);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect((await custody('key', 'generate', '--out', file)).code).toBe(1);
      const shown = await custody('key', 'show-vkey', '--key', file);
      expect(shown.stdout.trim()).toBe(vkey);
      expect((await custody('key', 'show-vkey', '--key', join(dir, 'none.key'))).code).toBe(1);
      expect((await custody('key', 'rotate')).code).toBe(2);
    },
  );

  test('units, cells and users', SLOW, async () => {
    expect((await custody('units', 'add', 'T1', '--name', 'Тестовий відділ')).code).toBe(0);
    expect((await custody('units', 'add', 'T1', '--name', 'Інший')).code).toBe(1);
    const units = parsed<{ code: string }[]>(await custody('units', 'list', '--json'));
    expect(units.map((u) => u.code)).toEqual(['T1']);
    expect((await custody('cells', 'add', 'T1', 'Камера 1', '--capacity', '2')).code).toBe(0);
    expect((await custody('cells', 'add', 'NOPE', 'Камера 1')).code).toBe(1);
    expect((await custody('cells', 'add', 'T1', 'Камера 2', '--kind', 'dungeon')).code).toBe(2);
    const cells = parsed<{ name: string; kind: string }[]>(
      await custody('cells', 'list', 'T1', '--json'),
    );
    expect(cells).toMatchObject([{ name: 'Камера 1', kind: 'cell' }]);
    const add = [
      'users',
      'add',
      'ivan',
      '--role',
      'duty_inspector',
      '--name',
      'Іван',
      '--unit',
      'T1',
    ];
    const created = await custody(...add, '--json');
    expect(created.code).toBe(0);
    expect(parsed<{ password: string }>(created).password.length).toBeGreaterThanOrEqual(12);
    expect((await custody(...add)).code).toBe(1);
    expect((await custody('users', 'add', 'x', '--role', 'king', '--name', 'X')).code).toBe(2);
    expect((await custody('users', 'disable', 'ivan')).code).toBe(0);
    expect((await custody('users', 'reset-2fa', 'ivan')).code).toBe(0);
    expect((await custody('users', 'disable', 'nobody')).code).toBe(1);
    const users = parsed<{ username: string; disabled: boolean }[]>(
      await custody('users', 'list', '--json'),
    );
    expect(users).toMatchObject([{ username: 'ivan', disabled: true }]);
  });

  test('seed refuses a non-empty database', SLOW, async () => {
    const r = await custody('seed', '--closed', '5');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not empty');
  });

  test(
    'the seeded demo verifies; checkpoint, rebuild, backup and restore keep it so',
    SLOW,
    async () => {
      const seededDb = await freshDatabase(dialect);
      try {
        const c = custodyIn({
          DATABASE_URL: seededDb.url,
          CUSTODY_KEY_FILE: join(dir, 'demo.key'),
        });
        const seed = await c('seed', '--closed', '20', '--now', NOW, '--json');
        expect(seed.code).toBe(0);
        expect(parsed<{ records: number; active: number }>(seed)).toMatchObject({
          records: 35,
          active: 15,
        });
        expect((await c('verify')).code).toBe(0);
        const outside = join(dir, `${dialect}.checkpoint`);
        const cp = await c('checkpoint', '--out', outside);
        expect(cp.code).toBe(0);
        expect(readFileSync(outside, 'utf8').trimEnd()).toBe(cp.stdout.trimEnd());
        expect(parsed<{ records: number }>(await c('rebuild-projections', '--json')).records).toBe(
          35,
        );
        const file = join(dir, `${dialect}.backup`);
        expect((await c('backup', file)).code).toBe(0);
        expect((await c('backup', file)).code).toBe(1);
        const target = dialect === 'sqlite' ? join(dir, 'restored.sqlite') : restored.url;
        const r = custodyIn({ DATABASE_URL: target, CUSTODY_KEY_FILE: join(dir, 'demo.key') });
        expect((await r('restore', file)).code).toBe(0);
        expect((await r('verify', '--checkpoint', outside)).code).toBe(0);
        expect((await r('checkpoint')).stdout).toBe(cp.stdout);
        if (dialect === 'sqlite') expect((await r('restore', file)).code).toBe(1);
      } finally {
        await seededDb.drop();
      }
    },
  );
});

describe('custody serve', () => {
  test(
    'starts on an empty database with the demo disabled, answers, and stops on SIGTERM',
    SLOW,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'custody-serve-'));
      const child = spawn('node', ['bin/custody.mjs', 'serve', '--port', '0', '--no-demo'], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: join(dir, 'c.sqlite'),
          CUSTODY_KEY_FILE: join(dir, 'k.key'),
        },
      });
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Custody Records: (http:\/\/\S+)/.exec(out);
          if (m?.[1] !== undefined) resolve(m[1]);
        });
        child.on('exit', () => {
          reject(new Error(`serve exited: ${out}`));
        });
      });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(out).not.toContain('demo sign-ins');
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
      expect(statSync(join(dir, 'k.key')).mode & 0o777).toBe(0o600);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
