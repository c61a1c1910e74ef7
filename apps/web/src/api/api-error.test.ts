import { describe, expect, it } from 'vitest';
import { parseFieldErrors, parseRetryAfter } from './api-error.ts';

describe('parseFieldErrors', () => {
  it('reads errors arrays with path, pointer or array paths; first message per field wins', () => {
    expect(
      parseFieldErrors({
        errors: [
          { path: 'username', message: 'too short' },
          { path: 'username', message: 'second' },
          { pointer: '/body/unit/name', detail: 'required' },
          { path: ['scope', 'unitIds'], message: 'empty' },
          { message: 'no field' },
        ],
      }),
    ).toEqual({ username: 'too short', 'unit.name': 'required', 'scope.unitIds': 'empty' });
  });

  it('reads RFC 9457 invalid-params and object maps', () => {
    expect(parseFieldErrors({ 'invalid-params': [{ name: 'age', reason: 'negative' }] })).toEqual({
      age: 'negative',
    });
    expect(parseFieldErrors({ errors: { code: ['taken'], name: 'empty' } })).toEqual({
      code: 'taken',
      name: 'empty',
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('90', now)).toBe(90);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
  });
  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
