import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { event, openKit, type StoreKit } from './store.test-kit.ts';
import type { VerifyReport } from './types.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const run = promisify(execFile);

async function custody(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/custody.mjs', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', CUSTODY_VKEY: '', CUSTODY_KEY_FILE: '/nonexistent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each run starts node and tsx afresh: allow for a loaded machine.
const SLOW = { timeout: 120_000 };

describe('custody verify as a child process on a SQLite file', () => {
  let kit: StoreKit;
  let checkpointFile: string;
  beforeAll(async () => {
    kit = await openKit('sqlite');
    for (let i = 0; i < 12; i++) await kit.store.append(`record-${i % 3}`, 'any', [event()]);
    checkpointFile = join(dirname(kit.database.url), 'outside.checkpoint');
    writeFileSync(checkpointFile, (await kit.store.latestCheckpoint())?.note ?? '');
  });
  afterAll(async () => {
    await kit.close();
  });

  test('exit 0 on an intact log', SLOW, async () => {
    const r = await custody([
      'verify',
      '--database',
      kit.database.url,
      '--vkey',
      kit.vkey,
      '--checkpoint',
      checkpointFile,
    ]);
    expect(r.stdout).toContain('log intact: 12 leaves');
    expect(r.code).toBe(0);
  });

  test('exit 2 on a bad flag or a missing key, with a clear message', SLOW, async () => {
    const [bad, nokey, unknown] = await Promise.all([
      custody(['verify', '--databse', kit.database.url]),
      custody(['verify', '--database', kit.database.url]),
      custody(['frobnicate']),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--databse'/);
    expect(nokey.code).toBe(2);
    expect(nokey.stderr).toContain('no verifier key');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command: frobnicate');
  });

  test(
    'exit 1 after tampering, naming the first bad log index and record in JSON',
    SLOW,
    async () => {
      await sql`DROP TRIGGER log_payloads_no_update`.execute(kit.database.db);
      await sql`UPDATE log_payloads SET payload = '{"ok":false}' WHERE log_index = 4`.execute(
        kit.database.db,
      );
      const args = ['verify', '--database', kit.database.url, '--vkey', kit.vkey];
      const [r, human] = await Promise.all([custody([...args, '--json']), custody(args)]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as VerifyReport;
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatchObject({
        logIndex: 4,
        streamId: 'record-1',
        kind: 'payload',
      });
      expect(human.code).toBe(1);
      expect(human.stdout).toContain('at log index 4 (record record-1)');
    },
  );
});
