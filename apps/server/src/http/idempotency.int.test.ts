import type { CommandResult, Role } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { ok, signInAll, walk } from '../../test/http/custody-client.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { buildApp, type App } from '../app.ts';
import {
  claimKey,
  IN_FLIGHT_TIMEOUT_MS,
  KEY_RETENTION_MS,
  keyOwner,
  requestFingerprint,
} from './idempotency.ts';
import { undocumentedProblems } from './problem-docs.ts';

describe.each(DIALECTS)('Idempotency-Key on POST, kept in the database, on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;
  let second: App;

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
    // A second app on the same database: what another server process would see.
    second = await buildApp(h.deps);
  });
  afterAll(async () => {
    await second.close();
    await h.close();
  });

  const cellCheck = (expectedVersion: number, condition = 'Спить') => ({
    occurredAt: h.clock.now().toISOString(),
    expectedVersion,
    payload: { condition, roused: false, concern: false },
  });

  const post = (app: App, as: SignedIn, url: string, payload: unknown, key: string | undefined) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...as.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: payload as Record<string, unknown>,
    });

  async function delivered() {
    const { recordId, version } = await walk(h, users, []);
    const url = `/api/v1/records/${recordId}/commands/RecordCellCheck`;
    return { recordId, version, url };
  }

  test('the same key and body answer the original answer again, also from another process, and store once', async () => {
    const { version, url } = await delivered();
    const body = cellCheck(version);
    const before = await h.logSize();
    const first = await post(h.app, users.duty_inspector, url, body, 'check-1');
    const original = ok<CommandResult>(first);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    const again = await post(h.app, users.duty_inspector, url, body, '"check-1"');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json()).toEqual(original);
    const elsewhere = await post(second, users.duty_inspector, url, body, 'check-1');
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.json()).toEqual(original);
    expect(await h.logSize()).toBe(before + 1);
  });

  test('the same key with another body is 422 idempotency_key_reused and stores nothing', async () => {
    const { recordId, version, url } = await delivered();
    ok<CommandResult>(await post(h.app, users.duty_inspector, url, cellCheck(version), 'k-2'));
    const before = await h.logSize();
    const other = await post(
      h.app,
      users.duty_inspector,
      url,
      cellCheck(version + 1, 'Не спить'),
      'k-2',
    );
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const otherRoute = await post(
      h.app,
      users.duty_inspector,
      `/api/v1/records/${recordId}x/commands/RecordCellCheck`,
      cellCheck(version),
      'k-2',
    );
    expect(otherRoute.statusCode).toBe(422);
    expect(await h.logSize()).toBe(before);
  });

  test('a key still in flight is 409 idempotency_in_flight; after the timeout a retry runs', async () => {
    const { version, url } = await delivered();
    const body = cellCheck(version);
    const owner = keyOwner({
      kind: 'user',
      userId: users.duty_inspector.userId,
      role: 'duty_inspector',
      unitId: h.units.own,
      totpEnrolmentRequired: false,
      sessionId: 's',
    });
    const fingerprint = requestFingerprint('POST', url, body);
    const claim = await claimKey(h.database, owner, 'k-3', fingerprint, h.clock.now());
    expect(claim.kind).toBe('claimed');
    const before = await h.logSize();
    const busy = await post(h.app, users.duty_inspector, url, body, 'k-3');
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'idempotency_in_flight' });
    expect(await h.logSize()).toBe(before);
    h.clock.advance(IN_FLIGHT_TIMEOUT_MS / 1000);
    const body2 = { ...body, occurredAt: h.clock.now().toISOString() };
    const fingerprint2 = requestFingerprint('POST', url, body2);
    expect(fingerprint2).not.toBe(fingerprint);
    const retried = await post(h.app, users.duty_inspector, url, body2, 'k-3');
    expect(retried.statusCode).toBe(201);
  });

  test('keys are per caller, a refusal is kept too, and a kept key expires', async () => {
    const { version, url } = await delivered();
    const body = cellCheck(version);
    ok<CommandResult>(await post(h.app, users.duty_inspector, url, body, 'k-4'));
    // Another person's identical key is theirs: it runs, and meets the version the first made.
    const other = await post(h.app, users.custody_inspector, url, body, 'k-4');
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'version_conflict' });
    const replayed = await post(h.app, users.custody_inspector, url, body, 'k-4');
    expect(replayed.statusCode).toBe(409);
    expect(replayed.headers['idempotency-replayed']).toBe('true');
    // Sessions idle out after a day: touch them half-way.
    h.clock.advance(KEY_RETENTION_MS / 2000);
    for (const u of Object.values(users)) {
      await h.app.inject({ url: '/api/v1/session', headers: { cookie: u.cookie } });
    }
    h.clock.advance(KEY_RETENTION_MS / 2000);
    const expired = await post(h.app, users.duty_inspector, url, body, 'k-4');
    expect(expired.statusCode).toBe(409);
    expect(expired.headers['idempotency-replayed']).toBeUndefined();
  });

  test('opening a record with a key opens it once', async () => {
    const occurredAt = new Date(h.clock.now().getTime() - 60_000).toISOString();
    const body = { occurredAt, payload: detentionPayload({}) };
    const a = ok<CommandResult>(
      await post(h.app, users.detaining_officer, '/api/v1/records', body, 'open-1'),
    );
    const b = ok<CommandResult>(
      await post(h.app, users.detaining_officer, '/api/v1/records', body, 'open-1'),
    );
    expect(b.recordId).toBe(a.recordId);
  });

  test('a malformed key, or a key on a route that takes none, is 400 and runs nothing', async () => {
    const { version, url } = await delivered();
    const before = await h.logSize();
    const long = await post(h.app, users.duty_inspector, url, cellCheck(version), 'x'.repeat(256));
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({
      code: 'invalid_request',
      errors: [{ path: 'header.idempotency-key' }],
    });
    const spaced = await post(h.app, users.duty_inspector, url, cellCheck(version), '');
    expect(spaced.statusCode).toBe(400);
    expect(await h.logSize()).toBe(before);
    const revoke = await post(h.app, users.duty_inspector, '/api/v1/session/revoke-all', {}, 'r');
    expect(revoke.statusCode).toBe(400);
    const still = await h.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: users.duty_inspector.cookie },
    });
    expect(still.statusCode).toBe(200);
    expect(undocumentedProblems()).toEqual([]);
  });
});
