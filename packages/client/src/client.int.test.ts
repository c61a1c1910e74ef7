import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '../../../apps/server/src/accounts/api-tokens.ts';
import {
  custodyHarness,
  type CustodyHarness,
} from '../../../apps/server/test/http/custody-harness.ts';
import { createCustodyClient } from './index.ts';

/** The typed client against the real server over real HTTP, with an API token. */
describe('createCustodyClient', () => {
  let h: CustodyHarness;
  let baseUrl: string;
  let token: string;
  beforeAll(async () => {
    h = await custodyHarness('sqlite', { full: true });
    // A token is never more than its issuer: a unit's custody inspector issues this one.
    const issuer = await h.signIn('custody_inspector');
    const expiresAt = new Date(h.clock.now().getTime() + 86_400_000).toISOString();
    const created = await createApiToken(
      h.database,
      { name: 'camera system', scopes: ['records:read'], unitId: h.units.own, expiresAt },
      issuer.userId,
      h.clock.now(),
    );
    token = created.token;
    baseUrl = await h.app.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(() => h.close());

  test('lists records with a token, typed', async () => {
    const client = createCustodyClient({ baseUrl, token });
    const { data, error, response } = await client.GET('/api/v1/records', {
      params: { query: { status: 'active', limit: 10 } },
    });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.items).toEqual([]);
    expect(data?.nextCursor).toBeNull();
  });

  test('a refusal is a typed problem with its stable code', async () => {
    const stranger = createCustodyClient({ baseUrl, token: 'cr_not-a-token' });
    const refused = await stranger.GET('/api/v1/records', { params: { query: {} } });
    expect(refused.response.status).toBe(401);
    expect(refused.error?.code).toBe('invalid_token');

    const client = createCustodyClient({ baseUrl, token });
    const forbidden = await client.GET('/api/v1/users');
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error).toMatchObject({
      code: 'forbidden',
      permission: 'users.manage',
      roles: ['admin'],
      reason: 'token_scope',
    });
  });

  test('a records:commands token opens a record and appends a batch, typed', async () => {
    const issuer = await h.signIn('custody_inspector');
    const expiresAt = new Date(h.clock.now().getTime() + 86_400_000).toISOString();
    const writer = await createApiToken(
      h.database,
      {
        name: 'migration from paper',
        scopes: ['records:commands'],
        commands: ['RecordDetention', 'RecordDelivery', 'RecordCellCheck'],
        actsAs: 'duty_inspector',
        unitId: h.units.own,
        expiresAt,
      },
      issuer.userId,
      h.clock.now(),
    );
    const client = createCustodyClient({ baseUrl, token: writer.token });
    const at = (minutesAgo: number) =>
      new Date(h.clock.now().getTime() - minutesAgo * 60_000).toISOString();
    const opened = await client.POST('/api/v1/records', {
      body: {
        occurredAt: at(10),
        payload: {
          person: {
            kind: 'identified',
            fullName: 'Шевчук Андрій Олегович',
            dateOfBirth: '1990-04-02',
          },
          place: { description: 'м. Київ, вул. Хрещатик, 22' },
          detainingOfficers: [{ name: 'Коваленко Петро' }],
          profile: 'ua_criminal_208',
          legalBasis: 'КПК ст. 208 ч. 1 п. 1',
          grounds: 'Застигнутий під час вчинення крадіжки.',
          juvenile: false,
          foreigner: false,
          language: 'uk',
          bodycamRefs: [],
        },
      },
    });
    expect(opened.error).toBeUndefined();
    const recordId = opened.data?.recordId ?? '';
    const batch = await client.POST('/api/v1/records/{recordId}/batch', {
      params: { path: { recordId }, header: { 'Idempotency-Key': `open-${recordId}` } },
      body: {
        expectedVersion: 1,
        commands: [
          { type: 'RecordDelivery', occurredAt: at(5), payload: { unitId: h.units.own } },
          {
            type: 'RecordCellCheck',
            occurredAt: at(1),
            payload: { condition: 'Спить', roused: false, concern: false },
          },
        ],
      },
    });
    expect(batch.response.status).toBe(201);
    expect(batch.data?.version).toBe(3);
    const refused = await client.POST('/api/v1/records/{recordId}/batch', {
      params: { path: { recordId } },
      body: {
        expectedVersion: 3,
        commands: [{ type: 'OfferDrink', occurredAt: at(0), payload: { accepted: true } }],
      },
    });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'forbidden', item: 0, command: 'OfferDrink' });
  });
});
