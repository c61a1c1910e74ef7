import { describe, expect, test } from 'vitest';
import { checkVerifier, makeVerifier } from './unlock.ts';

describe('password verifier (the idle lock without signal)', () => {
  test('the right password opens it, a wrong one does not; the password is not in it', async () => {
    const v = await makeVerifier('correct horse battery staple', globalThis.crypto.subtle, 1_000);
    expect(await checkVerifier(v, 'correct horse battery staple')).toBe(true);
    expect(await checkVerifier(v, 'correct horse battery stapler')).toBe(false);
    expect(await checkVerifier(v, '')).toBe(false);
    expect(JSON.stringify(v)).not.toContain('horse');
  });

  test('each verifier has its own salt, so equal passwords give different hashes', async () => {
    const a = await makeVerifier('same', globalThis.crypto.subtle, 1_000);
    const b = await makeVerifier('same', globalThis.crypto.subtle, 1_000);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  test('the default is 600,000 iterations of PBKDF2-SHA-256', async () => {
    const v = await makeVerifier('x');
    expect(v.iterations).toBe(600_000);
    expect(await checkVerifier(v, 'x')).toBe(true);
  });
});
