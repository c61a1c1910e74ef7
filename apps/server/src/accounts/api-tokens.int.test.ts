import type {
  ApiToken,
  CommandResult,
  CreatedApiToken,
  RecordView,
  Role,
} from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { ok, signInAll, viewOf, walk } from '../../test/http/custody-client.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { undocumentedProblems } from '../http/problem-docs.ts';
import { createApiToken } from './api-tokens.ts';
import { disableUser } from './users.ts';

describe.each(DIALECTS)('API tokens that write, within their issuer, on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
  });
  afterAll(() => h.close());

  const later = () => new Date(h.clock.now().getTime() + 86_400_000).toISOString();
  const issue = (as: SignedIn, body: Record<string, unknown>) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: as.headers,
      payload: { expiresAt: later(), ...body },
    });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const post = (token: string, url: string, payload: unknown) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: bearer(token),
      payload: payload as Record<string, unknown>,
    });
  const at = (minutesAgo = 0) =>
    new Date(h.clock.now().getTime() - minutesAgo * 60_000).toISOString();

  async function cameraToken(): Promise<CreatedApiToken> {
    return ok<CreatedApiToken>(
      await issue(users.custody_inspector, {
        name: 'Камерна система ТЕ-3',
        scopes: ['records:commands'],
        commands: ['RecordDetention', 'RecordDelivery', 'RecordCellCheck'],
        actsAs: 'duty_inspector',
        unitId: h.units.own,
      }),
    );
  }

  test('a token issues its listed commands in its unit; the log names it as the actor, acting as its role', async () => {
    const t = await cameraToken();
    expect(t).toMatchObject({
      actsAs: 'duty_inspector',
      createdBy: users.custody_inspector.userId,
    });
    const opened = ok<CommandResult>(
      await post(t.token, '/api/v1/records', { occurredAt: at(5), payload: detentionPayload() }),
    );
    ok<CommandResult>(
      await post(t.token, `/api/v1/records/${opened.recordId}/commands/RecordDelivery`, {
        occurredAt: at(1),
        expectedVersion: 1,
        payload: { unitId: h.units.own },
      }),
    );
    ok<CommandResult>(
      await post(t.token, `/api/v1/records/${opened.recordId}/commands/RecordCellCheck`, {
        occurredAt: at(),
        expectedVersion: 2,
        payload: { condition: 'Спить', roused: false, concern: false },
      }),
    );
    const v: RecordView = await viewOf(h, users.custody_inspector, opened.recordId);
    expect(v.timeline.map((e) => e.actor)).toEqual(
      Array.from({ length: 3 }, () => ({
        id: t.id,
        role: 'duty_inspector',
        displayName: 'Камерна система ТЕ-3',
      })),
    );
  });

  test("a timeline of a user's and a token's entries names each: the user by display name, the token by its name", async () => {
    const t = await cameraToken();
    const own = await walk(h, users, []);
    ok<CommandResult>(
      await post(t.token, `/api/v1/records/${own.recordId}/commands/RecordDelivery`, {
        occurredAt: at(),
        expectedVersion: own.version,
        payload: { unitId: h.units.own },
      }),
    );
    const v: RecordView = await viewOf(h, users.custody_inspector, own.recordId);
    expect(v.timeline.map((e) => [e.actor.id, e.actor.displayName])).toEqual([
      [users.detaining_officer.userId, expect.stringMatching(/^Тест detaining_officer/)],
      [t.id, 'Камерна система ТЕ-3'],
    ]);
  });

  test('refused: a command not listed (403 naming the permission), an action outside the token (404), another unit (404); nothing stored', async () => {
    const t = await cameraToken();
    const own = await walk(h, users, []);
    const other = ok<CommandResult>(
      await h.app.inject({
        method: 'POST',
        url: '/api/v1/records',
        headers: (await h.signIn('detaining_officer', { unitId: h.units.other })).headers,
        payload: { occurredAt: at(3), payload: detentionPayload() },
      }),
    );
    const before = await h.logSize();
    const meal = await post(t.token, `/api/v1/records/${own.recordId}/commands/OfferMeal`, {
      occurredAt: at(),
      expectedVersion: own.version,
      payload: { kind: 'main', accepted: true },
    });
    expect(meal.statusCode).toBe(403);
    expect(meal.json()).toMatchObject({
      code: 'forbidden',
      permission: 'record.welfare',
      reason: 'token_scope',
    });
    const rights = await post(
      t.token,
      `/api/v1/records/${own.recordId}/commands/RecordRightsExplained`,
      {
        occurredAt: at(),
        expectedVersion: own.version,
        payload: { language: 'uk', writtenNoticeHandedOver: true, signature: { signed: true } },
      },
    );
    expect(rights.statusCode).toBe(404);
    const elsewhere = await post(
      t.token,
      `/api/v1/records/${other.recordId}/commands/RecordCellCheck`,
      {
        occurredAt: at(),
        expectedVersion: 1,
        payload: { condition: 'Спить', roused: false, concern: false },
      },
    );
    expect(elsewhere.statusCode).toBe(404);
    const read = await h.app.inject({
      url: `/api/v1/records/${own.recordId}`,
      headers: bearer(t.token),
    });
    expect(read.statusCode).toBe(404);
    expect(await h.logSize()).toBe(before);
  });

  test('never more than the issuer: beyond their permissions, their unit, or the acting role is 403; nothing issued', async () => {
    const beyond = await issue(users.duty_inspector, {
      name: 'Медична система',
      scopes: ['records:commands'],
      commands: ['RecordInjuries'],
      actsAs: 'medical',
      unitId: h.units.own,
    });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json()).toMatchObject({ permission: 'record.health', reason: 'token_ceiling' });
    const otherUnit = await issue(users.custody_inspector, {
      name: 'Чужий підрозділ',
      scopes: ['records:commands'],
      commands: ['RecordCellCheck'],
      actsAs: 'duty_inspector',
      unitId: h.units.other,
    });
    expect(otherUnit.statusCode).toBe(403);
    expect(otherUnit.json()).toMatchObject({ reason: 'token_ceiling' });
    const role = await issue(users.custody_inspector, {
      name: 'Не та роль',
      scopes: ['records:commands'],
      commands: ['RecordCellCheck'],
      actsAs: 'medical',
      unitId: h.units.own,
    });
    expect(role.statusCode).toBe(403);
    expect(role.json()).toMatchObject({ permission: 'record.welfare', reason: 'token_role' });
    const everyUnit = await issue(users.custody_inspector, {
      name: 'Усі підрозділи',
      scopes: ['records:read'],
    });
    expect(everyUnit.statusCode).toBe(403);
    const list = ok<unknown[]>(
      await h.app.inject({
        url: '/api/v1/api-tokens',
        headers: { cookie: users.custody_inspector.cookie },
      }),
      200,
    );
    expect(list.map((x) => (x as { name: string }).name)).not.toContain('Не та роль');
  });

  test('an administrator issues no token that reads or writes custody content, and one held anyway reads nothing', async () => {
    for (const body of [
      { name: 'a', scopes: ['records:read'], unitId: h.units.own },
      { name: 'b', scopes: ['records:write'], unitId: h.units.own },
      {
        name: 'c',
        scopes: ['records:commands'],
        commands: ['RecordCellCheck'],
        actsAs: 'duty_inspector',
        unitId: h.units.own,
      },
    ]) {
      const r = await issue(users.admin, body);
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ reason: 'token_ceiling' });
    }
    ok<CreatedApiToken>(await issue(users.admin, { name: 'Моніторинг', scopes: ['metrics'] }));
    const held = await createApiToken(
      h.database,
      { name: 'в обхід', scopes: ['records:read'], unitId: null, expiresAt: later() },
      users.admin.userId,
      h.clock.now(),
    );
    const { recordId } = await walk(h, users, []);
    const one = await h.app.inject({
      url: `/api/v1/records/${recordId}`,
      headers: bearer(held.token),
    });
    expect(one.statusCode).toBe(404);
    const all = await h.app.inject({ url: '/api/v1/records', headers: bearer(held.token) });
    expect(all.statusCode).toBe(403);
    expect(all.json()).toMatchObject({ reason: 'token_ceiling' });
    const board = await h.app.inject({
      url: `/api/v1/units/${h.units.own}/whiteboard`,
      headers: bearer(held.token),
    });
    expect(board.statusCode).toBe(403);
  });

  test('the scopes a person may put on a token are those the ceiling lets them issue: an administrator metrics and integrity', async () => {
    const scopesOf = async (as: SignedIn) =>
      ok<{ scopes: string[] }>(
        await h.app.inject({ url: '/api/v1/api-tokens/scopes', headers: as.headers }),
        200,
      ).scopes;
    expect(await scopesOf(users.admin)).toEqual(['metrics', 'integrity:read']);
    const inspector = await scopesOf(users.custody_inspector);
    expect(inspector).toEqual([
      'records:read',
      'records:write',
      'records:commands',
      'integrity:read',
    ]);
    // Each offered scope is issued; each one left out is refused.
    for (const [as, unitId, offered] of [
      [users.admin, null, await scopesOf(users.admin)],
      [users.custody_inspector, h.units.own, inspector],
    ] as const) {
      for (const scope of ['records:read', 'records:write', 'metrics', 'integrity:read']) {
        const r = await issue(as, { name: `s-${scope}`, scopes: [scope], unitId });
        expect([scope, r.statusCode]).toEqual([scope, offered.includes(scope) ? 201 : 403]);
      }
    }
  });

  test('a records:commands token offered to a supervisor: the roles it may act as with the commands each may list, all issued; others refused', async () => {
    type Offer = {
      scopes: string[];
      commands: { actsAs: string; commands: string[] }[];
      unitId: string | null;
    };
    const offerOf = async (as: SignedIn) =>
      ok<Offer>(await h.app.inject({ url: '/api/v1/api-tokens/scopes', headers: as.headers }), 200);
    const admin = await offerOf(users.admin);
    expect(admin.commands).toEqual([]);
    expect(admin.scopes).not.toContain('records:commands');
    const supervisor = await offerOf(users.supervisor);
    expect(supervisor.scopes).toContain('records:commands');
    expect(supervisor.unitId).toBe(h.units.own);
    const asSupervisor = supervisor.commands.find((c) => c.actsAs === 'supervisor');
    expect(asSupervisor?.commands).toEqual(
      expect.arrayContaining(['RecordMartialLawConditions', 'CorrectEntry']),
    );
    // A supervisor holds no welfare entries, so no role lists a cell check for them.
    expect(supervisor.commands.flatMap((c) => c.commands)).not.toContain('RecordCellCheck');
    for (const offer of supervisor.commands) {
      const r = await issue(users.supervisor, {
        name: `як ${offer.actsAs}`,
        scopes: ['records:commands'],
        commands: offer.commands,
        actsAs: offer.actsAs,
        unitId: supervisor.unitId,
      });
      expect([offer.actsAs, r.statusCode]).toEqual([offer.actsAs, 201]);
    }
    const beyond = await issue(users.supervisor, {
      name: 'камери',
      scopes: ['records:commands'],
      commands: ['RecordCellCheck'],
      actsAs: 'duty_inspector',
      unitId: supervisor.unitId,
    });
    expect(beyond.statusCode).toBe(403);
    const inspector = await offerOf(users.custody_inspector);
    expect(inspector.commands.find((c) => c.actsAs === 'duty_inspector')?.commands).toContain(
      'RecordCellCheck',
    );
  });

  test('a token of a disabled issuer is dead; the issuer lists and revokes their own, no one else', async () => {
    const issuer = await h.signIn('custody_inspector');
    const t = ok<CreatedApiToken>(
      await issue(issuer, { name: 'Читання', scopes: ['records:read'], unitId: h.units.own }),
    );
    const listed = await h.app.inject({ url: '/api/v1/records', headers: bearer(t.token) });
    expect(listed.statusCode).toBe(200);
    const notTheirs = await h.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${t.id}`,
      headers: users.duty_inspector.headers,
    });
    expect(notTheirs.statusCode).toBe(404);
    await disableUser(h.database, issuer.userId, h.clock.now());
    const dead = await h.app.inject({ url: '/api/v1/records', headers: bearer(t.token) });
    expect(dead.statusCode).toBe(401);
    const mine = ok<CreatedApiToken>(
      await issue(users.custody_inspector, { name: 'Моє', scopes: ['integrity:read'] }),
    );
    const revoked = await h.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${mine.id}`,
      headers: users.custody_inspector.headers,
    });
    expect(revoked.statusCode).toBe(204);
  });

  test("a token's use is written at most once a minute; requests arriving together are looked up by one statement on PostgreSQL", async () => {
    const issuer = await h.signIn('custody_inspector');
    const t = ok<CreatedApiToken>(
      await issue(issuer, { name: 'Облік', scopes: ['records:read'], unitId: h.units.own }),
    );
    const lastUsed = async () =>
      ok<ApiToken[]>(
        await h.app.inject({ url: '/api/v1/api-tokens', headers: issuer.headers }),
        200,
      ).find((x) => x.id === t.id)?.lastUsedAt;
    const read = () => h.app.inject({ url: '/api/v1/records', headers: bearer(t.token) });
    expect(await lastUsed()).toBeNull();

    const pool = h.database.pgPool;
    const queries = pool === undefined ? undefined : vi.spyOn(pool, 'query');
    const together = await Promise.all([read(), read(), read()]).finally(() =>
      vi.restoreAllMocks(),
    );
    expect(together.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    if (queries !== undefined) {
      const texts = queries.mock.calls.map(([c]) => (c as { text?: string }).text ?? '');
      expect(texts.filter((x) => x.includes('"t"."token_hash" = any('))).toHaveLength(1);
    }
    const first = h.clock.now().toISOString();
    expect(await lastUsed()).toBe(first);

    h.clock.advance(59);
    expect((await read()).statusCode).toBe(200);
    expect(await lastUsed()).toBe(first);
    h.clock.advance(1);
    expect((await read()).statusCode).toBe(200);
    expect(await lastUsed()).toBe(h.clock.now().toISOString());
  });

  test('a records:commands token names its commands, its role and its one unit (400 otherwise)', async () => {
    const base = { name: 'x', scopes: ['records:commands'], unitId: h.units.own };
    for (const [body, path] of [
      [{ ...base, actsAs: 'duty_inspector' }, 'body.commands'],
      [{ ...base, commands: ['RecordCellCheck'] }, 'body.actsAs'],
      [
        { ...base, commands: ['RecordCellCheck'], actsAs: 'duty_inspector', unitId: null },
        'body.unitId',
      ],
      [
        { name: 'y', scopes: ['records:read'], unitId: h.units.own, actsAs: 'medical' },
        'body.actsAs',
      ],
      [{ ...base, commands: ['RecordCellCheck'], actsAs: 'hq' }, 'body.actsAs'],
    ] as const) {
      const r = await issue(users.custody_inspector, body);
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code: 'invalid_request', errors: [{ path }] });
    }
    expect(undocumentedProblems()).toEqual([]);
  });
});
