import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateCosignerKey, generateSignerKey, signerFromSkey, signNote } from '@custody/ledger';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_ORIGIN, fixtureBundle } from './extract-bundle.fixture.ts';
import type { ExtractBundle } from './extract-format.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../../../bin/custody.mjs');
const dir = mkdtempSync(join(tmpdir(), 'custody-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const key = generateSignerKey('custody.test');
const good = fixtureBundle(key.skey, new Set(['InjuriesRecorded']));
const stranger = generateSignerKey('custody.test');

/** The signature line(s) of the same statement signed by a key other than the log's. */
function otherSignature(b: ExtractBundle): string {
  const text = b.statement.slice(0, b.statement.lastIndexOf('\n\n') + 1);
  const note = signNote(text, [signerFromSkey(stranger.skey)]);
  return note.slice(note.lastIndexOf('\n\n') + 2);
}

async function custody(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    return { code: 0, out: r.stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

function save(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('custody verify-extract', { timeout: 120_000 }, () => {
  it('exits 0 for an intact bundle and lists every entry', async () => {
    const r = await custody('verify-extract', save('good.json', good), '--key', key.vkey);
    expect(r.code).toBe(0);
    expect(r.out).toContain('INTACT');
    expect(r.out.match(/^(OK|WITHHELD) /gm)).toHaveLength(good.entries.length);
  });

  it('exits 1 for a tampered bundle, with --json', async () => {
    const bad = structuredClone(good);
    bad.entries[2]!.leaf.occurredAt = '2025-01-15T07:00:00Z';
    const r = await custody('verify-extract', save('bad.json', bad), '--key', key.vkey, '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { ok: boolean; entries: { status: string }[] };
    expect(json.ok).toBe(false);
    expect(json.entries[2]?.status).toBe('failed');
  });

  it('names the signed statement of an intact bundle', async () => {
    const r = await custody('verify-extract', save('good4.json', good), '--key', key.vkey);
    const last = good.entries.at(-1)!;
    expect(r.out).toContain(
      `statement: record ${good.recordId}, ${good.entries.length} entries, last at log ${last.logIndex}`,
    );
  });

  it.each([
    [
      'the last entry removed',
      (b: ExtractBundle) => void b.entries.pop(),
      /the last entry is missing/,
    ],
    [
      'the last two entries removed',
      (b: ExtractBundle) => void b.entries.splice(-2, 2),
      /the last 2 entries are missing/,
    ],
    [
      'the statement removed',
      (b: ExtractBundle) => {
        delete (b as Partial<ExtractBundle>).statement;
      },
      /signed extract statement is missing/,
    ],
    [
      'the statement signed by another key',
      (b: ExtractBundle) =>
        void (b.statement = b.statement.replace(/\n\n[^]*$/, `\n\n${otherSignature(b)}`)),
      /extract statement not verified/,
    ],
  ])('exits 1 for %s, saying why', async (_what, tamper, reason) => {
    const bad = structuredClone(good);
    tamper(bad);
    const r = await custody('verify-extract', save('cut.json', bad), '--key', key.vkey);
    expect(r.code).toBe(1);
    expect(r.out).toContain('NOT INTACT');
    expect(r.out).toMatch(reason);
    expect(r.out).not.toMatch(/^FAIL /m);
  });

  it('exits 1 for a custody-extract/1 bundle, which has no statement', async () => {
    const { statement: _none, ...legacy } = { ...good, format: 'custody-extract/1' };
    const r = await custody('verify-extract', save('legacy.json', legacy), '--key', key.vkey);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/custody-extract\/1 carries no signed extract statement/);
    expect(r.out).toContain('statement: NOT VERIFIED');
  });

  it('exits 1 for the wrong key', async () => {
    const file = save('good2.json', good);
    const r = await custody('verify-extract', file, '--key', generateSignerKey('x').vkey);
    expect(r.code).toBe(1);
  });

  it('with --policy: exits 1 when the quorum is not met, naming it; 2 for a bad policy', async () => {
    const log = generateSignerKey(FIXTURE_ORIGIN);
    const w = generateCosignerKey('w.example/w');
    const policy = join(dir, 'policy.txt');
    writeFileSync(policy, `log ${log.vkey}\nwitness ombudsman ${w.vkey}\nquorum ombudsman\n`);
    const file = save('unwitnessed.json', fixtureBundle(log.skey));
    const r = await custody('verify-extract', file, '--policy', policy);
    expect(r.code).toBe(1);
    expect(r.out).toContain('witnesses: quorum ombudsman NOT MET, cosigned by none');
    expect(r.out).toContain('INTACT BUT NOT WITNESSED');
    expect(r.out).toContain('the witness quorum ombudsman is not met');
    writeFileSync(join(dir, 'broken.txt'), `log ${log.vkey}\nwitness ombudsman ${w.vkey}\n`);
    const broken = await custody('verify-extract', file, '--policy', join(dir, 'broken.txt'));
    expect(broken.code).toBe(2);
    expect(broken.out).toContain('no quorum line');
  });

  it('exits 2 on usage errors', async () => {
    const file = save('good3.json', good);
    const results = await Promise.all([
      custody('verify-extract', file),
      custody('verify-extract', '--key', key.vkey),
      custody('verify-extract', join(dir, 'absent.json'), '--key', key.vkey),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
  });
});
