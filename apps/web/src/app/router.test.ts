import { describe, expect, it } from 'vitest';
import { matchPath } from './router.tsx';

describe('matchPath', () => {
  it('matches literal and parameter segments, ignoring trailing slashes', () => {
    expect(matchPath('/admin', '/admin/')).toEqual({});
    expect(matchPath('/records/:id', '/records/R%2F7')).toEqual({ id: 'R/7' });
    expect(matchPath('/records/:id', '/records')).toBeNull();
    expect(matchPath('/records/:id', '/reports/1')).toBeNull();
  });

  it('rejects malformed escapes instead of throwing', () => {
    expect(matchPath('/records/:id', '/records/%E0%A4%A')).toBeNull();
  });
});
