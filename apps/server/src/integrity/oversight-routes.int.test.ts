import { Role } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expected, OVERSIGHT_ROUTES } from '../authz/matrix.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from './oversight.test-kit.ts';

const ROLES: readonly Role[] = Role.options;

describe.each(DIALECTS)('every oversight route against the matrix (%s)', (dialect) => {
  let kit: OversightKit;
  let urls: Map<string, string>;
  const users = new Map<Role, SignedIn>();

  beforeAll(async () => {
    kit = await oversightKit(dialect);
    const officer = await kit.signIn('detaining_officer');
    const recordId = await new RecordDriver(kit, officer).open('2025-03-01T09:00:00.000Z');
    const [first] = await kit.store.readStream(recordId);
    const fill = (url: string) =>
      url
        .replace(':recordId', recordId)
        .replace(':logIndex', String(first?.logIndex ?? 0))
        .replace(':kind', 'detention_protocol')
        .replace(':sha256', 'a'.repeat(64));
    urls = new Map(OVERSIGHT_ROUTES.map((r) => [`${r.method} ${r.url}`, fill(r.url)]));
    for (const role of ROLES) users.set(role, await kit.signIn(role));
  }, 60_000);
  afterAll(() => kit.close());

  test('every route in the table is served', () => {
    for (const r of OVERSIGHT_ROUTES) {
      expect(kit.app.hasRoute({ method: r.method, url: r.url }), r.url).toBe(true);
    }
  });

  test.each(OVERSIGHT_ROUTES.map((r) => [r.method, r.url, r] as const))(
    '%s %s: refused to roles the matrix denies, 401 without sign-in',
    async (method, url, route) => {
      const target = `${urls.get(`${method} ${url}`) ?? url}${url.includes('compliance') ? `?unitId=${kit.units.own}&from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z` : ''}${url.endsWith('/findings') ? '&figure=detentions' : ''}`;
      const anonymous = await kit.app.inject({ method, url: target });
      if (route.action === 'public') {
        expect(anonymous.statusCode).toBe(200);
        return;
      }
      expect(anonymous.statusCode).toBe(401);
      for (const role of ROLES) {
        if (expected(role, route.action, 'own_unit')) continue;
        const who = users.get(role);
        const r = await kit.app.inject({
          method,
          url: target,
          headers: { ...who?.headers, 'content-type': 'image/png' },
          ...(method === 'POST' ? { payload: Buffer.from('x') } : {}),
        });
        expect([403, 404], `${role} ${r.statusCode}`).toContain(r.statusCode);
      }
    },
  );
});
