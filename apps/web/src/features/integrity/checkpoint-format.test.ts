import { describe, expect, it } from 'vitest';
import { noteFileName, shortHash, vkeyName } from './checkpoint-format.ts';

describe('checkpoint formatting', () => {
  it('reads the origin from a C2SP vkey, and nothing from a malformed one', () => {
    expect(vkeyName('custody.example.gov.ua/log+a0b5744a+AUDw6IHR+hw/l71ukFnija=')).toBe(
      'custody.example.gov.ua/log',
    );
    expect(vkeyName('no-plus-sign')).toBe('');
    expect(vkeyName('+a0b5744a+AUDw')).toBe('');
  });

  it('shortens a SHA-256 hex root to 12 + 4 digits and keeps short values whole', () => {
    const root = '21720787d62910b667394da18042eb967a405e084cb3c80d39cbff0f16165104';
    expect(shortHash(root)).toBe('21720787d629…5104');
    expect(shortHash('abcdef')).toBe('abcdef');
  });

  it('names a saved note after a file-safe origin and the tree size', () => {
    expect(noteFileName('custody.example.gov.ua/log', 42)).toBe(
      'custody.example.gov.ua_log-checkpoint-42.txt',
    );
    expect(noteFileName('../../etc/passwd', 1)).toBe('etc_passwd-checkpoint-1.txt');
    expect(noteFileName('///', 7)).toBe('log-checkpoint-7.txt');
  });
});
