import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import {
  cosignatureVerifierFromVkey,
  formatAddCheckpoint,
  generateSignerKey,
  openNote,
  parseCosignatureLines,
  parseTreeSize,
  signNote,
  signerFromSkey,
  verifierFromVkey,
  withSignatures,
} from '@custody/ledger';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startProcess, type ServerProcess } from '../../test/server-process.ts';
import { MemoryLog } from './memory-log.test-kit.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const run = promisify(execFile);
const BANNER = /listening on (http:\/\/\S+)\/add-checkpoint/;

async function custody(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/custody.mjs', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function logOf(origin: string, tag = 'a'): MemoryLog {
  return new MemoryLog(signerFromSkey(generateSignerKey(origin).skey), tag);
}

describe('custody witness: a c2sp.org/tlog-witness over HTTP in its own process', () => {
  let dir: string;
  let witness: ServerProcess;
  let vkey: string;
  const log = logOf('custody.test/log');
  const other = logOf('other.test/log');
  const start = (state = join(dir, 'state.sqlite')) =>
    startProcess(
      [
        'apps/server/src/cli.ts',
        'witness',
        'serve',
        '--key',
        join(dir, 'w.key'),
        '--state',
        state,
        '--listen',
        '127.0.0.1:0',
        '--log',
        log.signer.vkey,
        '--log',
        other.signer.vkey,
      ],
      {},
      BANNER,
    );
  const post = async (body: string) => {
    const r = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body });
    return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
  };
  /** The note cosigned with the answer's lines, opened with the witness's and the log's keys. */
  const cosigned = (note: string, body: string) => {
    const opened = openNote(withSignatures(note, parseCosignatureLines(body)), [
      verifierFromVkey(log.signer.vkey),
      cosignatureVerifierFromVkey(vkey),
    ]);
    return opened.verifiedBy;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'custody-witness-'));
    const key = join(dir, 'w.key');
    const generated = await custody(
      'witness',
      'key',
      'generate',
      '--name',
      'w1.test/w',
      '--out',
      key,
    );
    expect(generated.code).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    vkey = readFileSync(`${key}.pub`, 'utf8').trim();
    expect((await custody('witness', 'key', 'show-vkey', '--key', key)).stdout.trim()).toBe(vkey);
    expect((await custody('witness', 'key', 'generate', '--name', 'x', '--out', key)).code).toBe(1);
    // the same key-file writer and reader as the log's signing key (ops/keys.ts)
    const badName = join(dir, 'bad.key');
    const refused = await custody('witness', 'key', 'generate', '--name', 'a b', '--out', badName);
    expect(refused.code).toBe(2);
    expect(existsSync(badName)).toBe(false);
    const missing = await custody('witness', 'key', 'show-vkey', '--key', join(dir, 'none.key'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read the witness key file');
    expect((await custody('witness', 'serve', '--key', key)).code).toBe(2); // no log named
    expect((await custody('witness', 'serve', '--log', 'not-a-vkey')).code).toBe(2);
    witness = await start();
  }, 120_000);
  afterAll(async () => {
    await witness.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('first checkpoint from size 0, then an extension with a consistency proof', async () => {
    log.append(3);
    const first = await post(log.body(0));
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^text\/plain/);
    expect(cosigned(log.note(), first.body)).toEqual(['custody.test/log', 'w1.test/w']);

    log.append(5);
    const next = await post(log.body(3));
    expect(next.status).toBe(200);
    expect(cosigned(log.note(), next.body)).toContain('w1.test/w');
    // the same checkpoint again is cosigned again
    expect((await post(log.body(8, 8))).status).toBe(200);
  });

  test('a stale old size is 409 with the witness size as text/x.tlog.size', async () => {
    log.append(2);
    const r = await post(log.body(3));
    expect(r.status).toBe(409);
    expect(r.type).toBe('text/x.tlog.size');
    expect(parseTreeSize(r.body)).toBe(8);
    expect((await post(log.body(8))).status).toBe(200);
  });

  test('a smaller checkpoint, a fork and a bad proof are refused, and nothing moves', async () => {
    const larger = formatAddCheckpoint({ oldSize: 10, proof: [], note: log.note(9) });
    expect((await post(larger)).status).toBe(400); // old > size
    const smaller = await post(log.body(9, 9));
    expect(smaller.status).toBe(409);
    expect(parseTreeSize(smaller.body)).toBe(10);

    // a fork signed with the log's own key: its proof does not link the witness's tree of 10
    const forked = new MemoryLog(log.signer, 'fork').append(12);
    expect((await post(forked.body(10, 12))).status).toBe(422);
    const sameSize = formatAddCheckpoint({ oldSize: 10, proof: [], note: forked.note(10) });
    expect((await post(sameSize)).status).toBe(422);
    log.append(2);
    const proof = log.proof(10, 12);
    const flipped = proof.map((h, i) => (i === 0 ? h.map((b, j) => (j === 0 ? b ^ 1 : b)) : h));
    const badProof = formatAddCheckpoint({ oldSize: 10, proof: flipped, note: log.note(12) });
    expect((await post(badProof)).status).toBe(422);
    const noProof = formatAddCheckpoint({ oldSize: 10, proof: [], note: log.note(12) });
    expect((await post(noProof)).status).toBe(422);
    expect(parseTreeSize((await post(log.body(0))).body)).toBe(10);
  });

  test('unknown log 404, forged or missing log signature 403, malformed 400', async () => {
    const stranger = logOf('stranger.test/log').append(1);
    expect((await post(stranger.body(0))).status).toBe(404);
    const forger = signerFromSkey(generateSignerKey('custody.test/log').skey);
    const forged = formatAddCheckpoint({ oldSize: 10, proof: [], note: log.note(12, [forger]) });
    expect((await post(forged)).status).toBe(403);
    const tampered = log.body(10).replace(/\n12\n/, '\n13\n');
    expect((await post(tampered)).status).toBe(403);
    for (const body of [
      '',
      'old 1',
      'old 01\n\n' + log.note(),
      'new 0\n\n' + log.note(),
      'old 0\nxx\n\n' + log.note(),
    ]) {
      expect((await post(body)).status, JSON.stringify(body)).toBe(400);
    }
    const get = await fetch(`${witness.url}/add-checkpoint`);
    expect(get.status).toBe(404);
  });

  test('from size 0 a proof is 422, and so is size 0 with a root other than the empty tree', async () => {
    other.append(4);
    const withProof = formatAddCheckpoint({
      oldSize: 0,
      proof: [other.root(2)],
      note: other.note(),
    });
    expect((await post(withProof)).status).toBe(422);
    const wrongEmpty = other.note(0).replace(/\n0\n[^\n]+\n/, `\n0\n${'A'.repeat(43)}=\n`);
    expect(wrongEmpty).not.toBe(other.note(0));
    // re-signed, so that only the root is wrong
    const text = wrongEmpty.slice(0, wrongEmpty.indexOf('\n\n') + 1);
    expect(
      (
        await post(
          formatAddCheckpoint({ oldSize: 0, proof: [], note: signNote(text, [other.signer]) }),
        )
      ).status,
    ).toBe(422);
  });

  test('concurrent requests from one size: exactly one advances, the rest learn its size', async () => {
    other.append(10);
    const sizes = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    const answers = await Promise.all(sizes.map((s) => post(other.body(0, s))));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    const winner = sizes[answers.indexOf(won[0]!)]!;
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status).toBe(409);
      expect(parseTreeSize(a.body)).toBe(winner);
    }
  });

  test('the state is on disk before the answer: after SIGKILL the witness still knows its size', async () => {
    const size = parseTreeSize((await post(log.body(0))).body);
    log.append(3);
    expect((await post(log.body(size ?? -1))).status).toBe(200);
    await witness.stop('SIGKILL');
    witness = await start();
    expect(parseTreeSize((await post(log.body(0))).body)).toBe(log.hashes.length);
  }, 120_000);

  test('the state refuses to go back even when written to directly, and keeps refusals', () => {
    const db = new Sqlite(join(dir, 'state.sqlite'));
    try {
      expect(() =>
        db
          .prepare("UPDATE witness_checkpoints SET size = 1 WHERE origin = 'custody.test/log'")
          .run(),
      ).toThrow(/never goes back/);
      expect(() => db.prepare('DELETE FROM witness_checkpoints').run()).toThrow(/never forgets/);
      const statuses = db
        .prepare<[], { status: number }>(
          'SELECT DISTINCT status FROM witness_refusals ORDER BY status',
        )
        .all()
        .map((r) => r.status);
      expect(statuses).toEqual([400, 403, 404, 409, 422]);
    } finally {
      db.close();
    }
  });
});
