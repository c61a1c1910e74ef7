import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from './bytes.ts';
import { verifyConsistency, verifyInclusion } from './verify.ts';

/** transparency-dev/merkle probes, copied into the package with their licence (testdata/rfc6962/README.md). */
const ROOT = fileURLToPath(new URL('../testdata/rfc6962', import.meta.url));

/**
 * Probes this verifier rejects although the file says accept (see packages/ledger/README.md):
 * every hash must be 32 bytes, and this probe's "roots" are 12 bytes of ASCII.
 */
const STRICTER = new Set(['consistency/additional/sizes-are-equal-one-and-proof-is-empty.json']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** The probes write hashes as base64 ("" for absent); Go's 2^64 - 1 index is not a safe integer. */
const b64 = (s: unknown): Uint8Array => fromBase64(typeof s === 'string' ? s : '');
const proofOf = (p: unknown): Uint8Array[] => (Array.isArray(p) ? p.map(b64) : []);

function accepts(probe: Record<string, unknown>): boolean {
  if ('leafIdx' in probe) {
    return verifyInclusion(
      Number(probe.leafIdx),
      Number(probe.treeSize),
      b64(probe.leafHash),
      proofOf(probe.proof),
      b64(probe.root),
    );
  }
  return verifyConsistency(
    Number(probe.size1),
    Number(probe.size2),
    b64(probe.root1),
    b64(probe.root2),
    proofOf(probe.proof),
  );
}

describe('RFC 6962 probe vectors', () => {
  it('finds the vector folder', () => {
    expect(existsSync(ROOT), `missing test vectors at ${ROOT}`).toBe(true);
  });

  const all = existsSync(ROOT) ? files(ROOT) : [];

  it('has both inclusion and consistency probes', () => {
    expect(all.filter((f) => f.includes('/inclusion/')).length).toBeGreaterThan(80);
    expect(all.filter((f) => f.includes('/consistency/')).length).toBeGreaterThan(80);
  });

  it.each(all.map((f) => relative(ROOT, f)))('%s', (name) => {
    const probe = JSON.parse(readFileSync(join(ROOT, name), 'utf8')) as Record<string, unknown>;
    expect(typeof probe.wantErr).toBe('boolean');
    const want = probe.wantErr !== true && !STRICTER.has(name);
    expect(accepts(probe)).toBe(want);
  });

  it('documents each stricter choice against a probe that exists and says accept', () => {
    for (const name of STRICTER) {
      const probe = JSON.parse(readFileSync(join(ROOT, name), 'utf8')) as Record<string, unknown>;
      expect(probe.wantErr).toBe(false);
    }
  });
});
