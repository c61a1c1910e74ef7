import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ensureSigner, generateKeyFile, originOf } from './keys.ts';
import { machineOrigin, originProblem } from './origin.ts';

const dir = mkdtempSync(join(tmpdir(), 'custody-keys-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the log origin is the installation's own", () => {
  test('a key is named by the origin it was generated with, and the log takes it from the key', () => {
    const file = join(dir, 'named.key');
    generateKeyFile(file, 'custody.kyiv.npu.gov.ua/log');
    const { signer, created } = ensureSigner(file, null);
    expect(created).toBe(false);
    expect(originOf(signer)).toBe('custody.kyiv.npu.gov.ua/log');
    expect(() => ensureSigner(file, 'custody.lviv.npu.gov.ua/log')).toThrow(/not the origin/);
  });

  test('a placeholder or malformed origin is refused; a first start names the log by its machine', () => {
    expect(() => {
      generateKeyFile(join(dir, 'placeholder.key'), 'custody.example/log');
    }).toThrow(/placeholder/);
    expect(originProblem('custody example')).not.toBeNull();
    expect(originProblem(machineOrigin())).toBeNull();
    const { signer, created } = ensureSigner(join(dir, 'first.key'), null);
    expect(created).toBe(true);
    expect(originOf(signer)).toBe(machineOrigin());
    expect(originOf(signer)).not.toContain('example');
  });
});
