import { describe, expect, it } from 'vitest';
import { grantState, isoToLocal, localToIso } from './grant-state.ts';

const window = { validFrom: '2025-03-01T10:00:00Z', validUntil: '2025-03-02T10:00:00Z' };
const at = (iso: string) => Date.parse(iso);

describe('grantState', () => {
  it('is pending, active, then expired across its window [from, until)', () => {
    const g = { ...window, revokedAt: null };
    expect(grantState(g, at('2025-03-01T09:59:59Z'))).toBe('pending');
    expect(grantState(g, at('2025-03-01T10:00:00Z'))).toBe('active');
    expect(grantState(g, at('2025-03-02T09:59:59Z'))).toBe('active');
    expect(grantState(g, at('2025-03-02T10:00:00Z'))).toBe('expired');
  });

  it('is revoked whatever the time', () => {
    const g = { ...window, revokedAt: '2025-03-01T11:00:00Z' };
    expect(grantState(g, at('2025-03-01T12:00:00Z'))).toBe('revoked');
  });
});

describe('datetime-local conversion', () => {
  it('round-trips to the minute and rejects empty or invalid input', () => {
    const ms = at('2025-03-01T10:07:00Z');
    expect(localToIso(isoToLocal(ms))).toBe('2025-03-01T10:07:00.000Z');
    expect(localToIso('')).toBeUndefined();
    expect(localToIso('not a date')).toBeUndefined();
  });
});
