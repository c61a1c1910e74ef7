import type { CommandResult, CreatedApiToken, Role } from '@custody/contracts';
import { verifierFromVkey } from '@custody/ledger';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { detentionPayload } from '../../test/http/command-walk.ts';
import { ok, signInAll, viewOf, walk } from '../../test/http/custody-client.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { undocumentedProblems } from '../http/problem-docs.ts';
import { verifyLog } from '../store/index.ts';

describe.each(DIALECTS)('a batch of entries of one record over HTTP on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;

  beforeAll(async () => {
    h = await custodyHarness(dialect, { full: true });
    users = await signInAll(h);
  });
  afterAll(() => h.close());

  const at = (minutesAgo = 0) =>
    new Date(h.clock.now().getTime() - minutesAgo * 60_000).toISOString();
  const batch = (
    headers: Record<string, string>,
    recordId: string,
    body: { expectedVersion: number; commands: unknown[] },
    key?: string,
  ) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/records/${recordId}/batch`,
      headers: { ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: body,
    });
  const delivery = (minutesAgo = 4) => ({
    type: 'RecordDelivery',
    occurredAt: at(minutesAgo),
    payload: { unitId: h.units.own },
  });
  const register = () => ({
    type: 'RegisterDetainee',
    occurredAt: at(3),
    payload: { custodyNumber: 'КР-7/2026' },
  });
  const cellCheck = (minutesAgo = 2) => ({
    type: 'RecordCellCheck',
    occurredAt: at(minutesAgo),
    payload: { condition: 'Спить', roused: false, concern: false },
  });
  const meal = (occurredAt = at(1)) => ({
    type: 'OfferMeal',
    occurredAt,
    payload: { kind: 'main', accepted: true },
  });

  /** A record opened 10 minutes ago (version 1) and the log's size after it. */
  async function opened() {
    const { recordId, version } = await walk(h, users, []);
    return { recordId, version, size: await h.logSize() };
  }

  test('N entries are stored together: the version advances by N, the log holds N more entries under one checkpoint, in order', async () => {
    const { recordId, size } = await opened();
    const r = ok<CommandResult>(
      await batch(users.duty_inspector.headers, recordId, {
        expectedVersion: 1,
        commands: [delivery(), register(), cellCheck(), meal()],
      }),
    );
    expect(r.version).toBe(5);
    expect(r.events.map((e) => e.type)).toEqual([
      'DetaineeDelivered',
      'DetaineeRegistered',
      'CellCheckRecorded',
      'MealOffered',
    ]);
    expect(r.events.map((e) => e.logIndex)).toEqual([size, size + 1, size + 2, size + 3]);
    expect(await h.logSize()).toBe(size + 4);
    expect(r.receipts).toHaveLength(4);
    expect(new Set(r.receipts.map((x) => x.checkpoint)).size).toBe(1);
    expect(r.receipts.every((x) => x.treeSize === size + 4)).toBe(true);
    const v = await viewOf(h, users.custody_inspector, recordId);
    expect(v.summary.version).toBe(5);
    expect(v.timeline.map((e) => e.type)).toEqual([
      'DetentionRecorded',
      'DetaineeDelivered',
      'DetaineeRegistered',
      'CellCheckRecorded',
      'MealOffered',
    ]);
    expect(v.timeline.slice(1).every((e) => e.actor.id === users.duty_inspector.userId)).toBe(true);
    const report = await verifyLog(h.database, { verifiers: [verifierFromVkey(h.vkey)] });
    expect(report.problems).toEqual([]);
  });

  test('each item is decided on the record the items before it left: a second delivery in the same batch is refused, naming item 1', async () => {
    const { recordId, size } = await opened();
    const r = await batch(users.duty_inspector.headers, recordId, {
      expectedVersion: 1,
      commands: [delivery(5), delivery(4)],
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'already_delivered',
      item: 1,
      command: 'RecordDelivery',
    });
    expect(await h.logSize()).toBe(size);
  });

  test('a refusal of item k stores nothing of the batch and says which item failed and why', async () => {
    const { recordId, version, size } = await opened();
    const future = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    const refused = await batch(users.duty_inspector.headers, recordId, {
      expectedVersion: version,
      commands: [delivery(), cellCheck(), meal(future)],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'future_occurred_at',
      item: 2,
      command: 'OfferMeal',
      detail: expect.stringContaining('batch item 2, OfferMeal'),
    });
    // An item the caller may not issue: 403 naming the permission and the item.
    const martial = await batch(users.duty_inspector.headers, recordId, {
      expectedVersion: version,
      commands: [
        delivery(),
        {
          type: 'RecordMartialLawConditions',
          occurredAt: at(1),
          payload: { supervisorId: users.supervisor.userId, conditions: 'Воєнний стан' },
        },
      ],
    });
    expect(martial.statusCode).toBe(403);
    expect(martial.json()).toMatchObject({
      code: 'forbidden',
      permission: 'record.martial_law',
      item: 1,
      command: 'RecordMartialLawConditions',
    });
    // Not in a batch: an opening or an erasure, and an empty batch (400, validation).
    for (const commands of [
      [{ type: 'RecordDetention', occurredAt: at(), payload: {} }],
      [{ type: 'EraseEventPayload', occurredAt: at(), payload: {} }],
      [],
    ]) {
      const r = await batch(users.duty_inspector.headers, recordId, {
        expectedVersion: version,
        commands,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code: 'invalid_request' });
    }
    // Reading the record is itself logged (its access stream): count the log before.
    expect(await h.logSize()).toBe(size);
    const v = await viewOf(h, users.custody_inspector, recordId);
    expect(v.summary.version).toBe(version);
    expect(v.timeline).toHaveLength(1);
  });

  test('a stale expected version is 409 version_conflict and stores nothing', async () => {
    const { recordId, size } = await opened();
    ok<CommandResult>(
      await batch(users.duty_inspector.headers, recordId, {
        expectedVersion: 1,
        commands: [delivery()],
      }),
    );
    const stale = await batch(users.duty_inspector.headers, recordId, {
      expectedVersion: 1,
      commands: [cellCheck(), meal()],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict' });
    expect(await h.logSize()).toBe(size + 1);
  });

  test('with an Idempotency-Key a retried batch answers the original answer and stores once; another body with the key is 422', async () => {
    const { recordId, size } = await opened();
    const body = { expectedVersion: 1, commands: [delivery(), cellCheck()] };
    const first = ok<CommandResult>(
      await batch(users.duty_inspector.headers, recordId, body, 'batch-1'),
    );
    const again = await batch(users.duty_inspector.headers, recordId, body, 'batch-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json()).toEqual(first);
    const other = await batch(
      users.duty_inspector.headers,
      recordId,
      { expectedVersion: 3, commands: [meal()] },
      'batch-1',
    );
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await h.logSize()).toBe(size + 2);
  });

  test('a records:commands token issues a batch of its listed commands as its actor; an unlisted item refuses the whole batch', async () => {
    const token = ok<CreatedApiToken>(
      await h.app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: users.custody_inspector.headers,
        payload: {
          name: 'Камерна система ТЕ-5',
          scopes: ['records:commands'],
          commands: ['RecordDelivery', 'RecordCellCheck'],
          actsAs: 'duty_inspector',
          unitId: h.units.own,
          expiresAt: new Date(h.clock.now().getTime() + 86_400_000).toISOString(),
        },
      }),
    );
    const bearer = { authorization: `Bearer ${token.token}` };
    const { recordId, size } = await opened();
    const unlisted = await batch(bearer, recordId, {
      expectedVersion: 1,
      commands: [delivery(), cellCheck(), meal()],
    });
    expect(unlisted.statusCode).toBe(403);
    expect(unlisted.json()).toMatchObject({
      code: 'forbidden',
      permission: 'record.welfare',
      reason: 'token_scope',
      item: 2,
      command: 'OfferMeal',
    });
    expect(await h.logSize()).toBe(size);
    const listed = ok<CommandResult>(
      await batch(bearer, recordId, { expectedVersion: 1, commands: [delivery(), cellCheck()] }),
    );
    expect(listed.version).toBe(3);
    const v = await viewOf(h, users.custody_inspector, recordId);
    expect(v.timeline.slice(1).map((e) => e.actor)).toEqual([
      { id: token.id, role: 'duty_inspector', displayName: 'Камерна система ТЕ-5' },
      { id: token.id, role: 'duty_inspector', displayName: 'Камерна система ТЕ-5' },
    ]);
  });

  test('a record of another unit is 404 and an unknown record is 404, without naming an item', async () => {
    const other = await h.signIn('detaining_officer', { unitId: h.units.other });
    const elsewhere = ok<CommandResult>(
      await h.app.inject({
        method: 'POST',
        url: '/api/v1/records',
        headers: other.headers,
        payload: {
          occurredAt: at(5),
          payload: detentionPayload(),
        },
      }),
    );
    for (const recordId of [elsewhere.recordId, 'no-such-record']) {
      const r = await batch(users.duty_inspector.headers, recordId, {
        expectedVersion: 1,
        commands: [delivery()],
      });
      expect(r.statusCode).toBe(404);
      expect(r.json()).not.toHaveProperty('item');
    }
    expect(undocumentedProblems()).toEqual([]);
  });
});
