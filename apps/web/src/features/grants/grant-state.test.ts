import { describe, expect, it } from 'vitest';
import { grantState } from './grant-state.ts';

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
