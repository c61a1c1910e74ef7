import type { CommandResult, RecordPage, Role } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { TRANSFER, WALK } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { custodyClient, ok, signInAll, viewOf, walk } from '../../test/http/custody-client.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { RECORD_COMMAND_TYPES } from './records.routes.ts';
import { undocumentedProblems } from '../http/problem-docs.ts';

describe.each(DIALECTS)('custody records over HTTP on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;
  let walked: { recordId: string; version: number; results: CommandResult[] };

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
    walked = await walk(h, users);
  });
  afterAll(() => h.close());

  test('every command route accepts a minimal valid body once, through to release', async () => {
    const walkedTypes = new Set<string>([...WALK.map((s) => s.type), TRANSFER.type]);
    expect(RECORD_COMMAND_TYPES.filter((c) => !walkedTypes.has(c))).toEqual([]);
    const second = await walk(h, users, [TRANSFER]);
    const v = await viewOf(h, users.duty_inspector, second.recordId);
    expect(v.summary.status).toBe('transferred');
    const first = await viewOf(h, users.custody_inspector, walked.recordId);
    expect(first.summary.status).toBe('released');
    expect(first.summary.version).toBe(walked.version);
    expect(first.summary.custodyNumber).toBe('КР-1/2025');
    expect(first.summary.endedAt).not.toBeNull();
  });

  test('the timeline carries both times, actors, corrections both ways and erasures', async () => {
    const v = await viewOf(h, users.custody_inspector, walked.recordId);
    expect(v.timeline.length).toBe(walked.version);
    const correction = v.timeline.find((t) => t.type === 'EntryCorrected');
    const check = v.timeline.find((t) => t.type === 'CellCheckRecorded');
    expect(correction?.corrects).toBe(check?.eventId);
    expect(check?.correctedBy).toEqual([correction?.eventId]);
    expect(v.timeline.find((t) => t.type === 'ComplaintMade')?.withheld).toBe('erased');
    expect(v.timeline[0]?.actor.displayName).toMatch(/detaining_officer/);
    expect(v.timeline.every((t) => t.recordedAt >= t.occurredAt)).toBe(true);
    expect(v.healthWithheld).toBe(false);
    expect(v.timeline.find((t) => t.type === 'InjuriesRecorded')?.payload).not.toBeNull();
  });

  test('a late entry is marked late', async () => {
    const { recordId } = await walk(h, users, []);
    const occurredAt = h.clock.now().toISOString();
    h.clock.advance(20 * 60);
    const c = custodyClient(h);
    const r = ok<CommandResult>(
      await c.command(users.detaining_officer, recordId, 'RecordDelivery', {
        occurredAt,
        expectedVersion: 1,
        payload: { unitId: h.units.own, delayExplanation: 'Затор' },
      }),
    );
    expect(r.events[0]?.late).toBe(true);
    expect(r.receipts[0]?.checkpoint).toContain('custody.test/log');
  });

  test('refusals: 422 with the domain code, 409 on a stale version, nothing stored', async () => {
    const c = custodyClient(h);
    const { recordId } = await walk(h, users, []);
    const before = await h.logSize();
    const now = h.clock.now().toISOString();
    const notDelivered = await c.command(users.duty_inspector, recordId, 'RegisterDetainee', {
      occurredAt: now,
      expectedVersion: 1,
      payload: { custodyNumber: 'X' },
    });
    expect(notDelivered.statusCode).toBe(422);
    expect(notDelivered.json()).toMatchObject({ code: 'not_delivered', status: 422 });
    const stale = await c.command(users.duty_inspector, recordId, 'RecordCellCheck', {
      occurredAt: now,
      expectedVersion: 0,
      payload: { condition: 'OK', roused: false, concern: false },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict' });
    const future = await c.command(users.duty_inspector, recordId, 'RecordCellCheck', {
      occurredAt: '2999-01-01T00:00:00Z',
      expectedVersion: 1,
      payload: { condition: 'OK', roused: false, concern: false },
    });
    expect(future.json()).toMatchObject({ code: 'future_occurred_at' });
    const badBody = await c.command(users.duty_inspector, recordId, 'RecordCellCheck', {
      occurredAt: now,
      expectedVersion: 1,
      payload: { condition: '' },
    });
    expect(badBody.statusCode).toBe(400);
    expect(await h.logSize()).toBe(before);
  });

  test('a return of property with no items listed is 400 on its field, nothing stored', async () => {
    const c = custodyClient(h);
    const { recordId, version } = await walk(h, users, []);
    const before = await h.logSize();
    const signature = { signed: true };
    const body = (items: unknown[]) => ({
      occurredAt: h.clock.now().toISOString(),
      expectedVersion: version,
      payload: { items, signature },
    });
    const empty = await c.command(users.duty_inspector, recordId, 'ReturnProperty', body([]));
    expect(empty.statusCode, empty.body).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(empty.json()).toMatchObject({
      code: 'invalid_request',
      errors: [{ path: 'body.payload.items' }],
    });
    expect(await h.logSize()).toBe(before);
    const one = await c.command(
      users.duty_inspector,
      recordId,
      'ReturnProperty',
      body([{ description: 'Телефон', quantity: 1 }]),
    );
    expect(one.statusCode, one.body).toBe(201);
  });

  test('404 for another unit, 403 for a role without the duty, 404 for an administrator', async () => {
    const c = custodyClient(h);
    const { recordId } = await walk(h, users, WALK.slice(0, 1));
    const now = h.clock.now().toISOString();
    const check = {
      occurredAt: now,
      expectedVersion: 2,
      payload: { condition: 'OK', roused: false, concern: false },
    };
    const stranger = await h.signIn('duty_inspector', { unitId: h.units.other });
    expect((await c.command(stranger, recordId, 'RecordCellCheck', check)).statusCode).toBe(404);
    expect((await c.view(stranger, recordId)).statusCode).toBe(404);
    expect(
      (await c.command(users.investigator, recordId, 'RecordCellCheck', check)).statusCode,
    ).toBe(403);
    expect((await c.command(users.admin, recordId, 'RecordCellCheck', check)).statusCode).toBe(404);
    expect((await c.view(users.admin, recordId)).statusCode).toBe(404);
    expect((await c.command(users.hq, recordId, 'RecordCellCheck', check)).statusCode).toBe(403);
    const unknown = await c.command(
      users.duty_inspector,
      'no-such-record',
      'RecordCellCheck',
      check,
    );
    expect(unknown.statusCode).toBe(404);
    expect((await c.open(users.hq, now)).statusCode).toBe(403);
  });

  test('a 403 names the permission, the roles holding it and why the caller lacks it', async () => {
    const c = custodyClient(h);
    const { recordId } = await walk(h, users, WALK.slice(0, 1));
    const before = await h.logSize();
    const martialLaw = {
      occurredAt: h.clock.now().toISOString(),
      expectedVersion: 2,
      payload: { supervisorId: users.supervisor.userId, conditions: 'Воєнний стан' },
    };
    const r = await c.command(
      users.duty_inspector,
      recordId,
      'RecordMartialLawConditions',
      martialLaw,
    );
    expect(r.statusCode).toBe(403);
    const body = r.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      code: 'forbidden',
      permission: 'record.martial_law',
      roles: ['supervisor'],
      scopes: [],
      reason: 'role',
    });
    expect(body.detail).toContain('record.martial_law');
    expect(body.detail).toContain('supervisor');
    const hq = await c.command(users.hq, recordId, 'RecordCellCheck', {
      occurredAt: h.clock.now().toISOString(),
      expectedVersion: 2,
      payload: { condition: 'OK', roused: false, concern: false },
    });
    expect(hq.json()).toMatchObject({
      permission: 'record.welfare',
      roles: ['duty_inspector', 'custody_inspector'],
      reason: 'role',
    });
    expect(await h.logSize()).toBe(before);
  });

  test('reads are logged in the access stream; hq, monitors and lawyers must state a reason', async () => {
    const c = custodyClient(h);
    const { recordId } = await walk(h, users, []);
    await viewOf(h, users.duty_inspector, recordId);
    const noReason = await c.view(users.hq, recordId);
    expect(noReason.statusCode).toBe(400);
    await viewOf(h, users.hq, recordId, 'Перевірка скарги');
    const viaHeader = await h.app.inject({
      method: 'GET',
      url: `/api/v1/records/${recordId}`,
      headers: { cookie: users.hq.cookie, 'x-access-reason': encodeURIComponent('Аудит') },
    });
    expect(viaHeader.statusCode).toBe(200);
    const access = await h.store.readStream(`access:${recordId}`);
    expect(access.map((e) => [e.actor.role, (e.payload as { reason: unknown }).reason])).toEqual([
      ['duty_inspector', null],
      ['hq', 'Перевірка скарги'],
      ['hq', 'Аудит'],
    ]);
    const log = await h.app.inject({
      method: 'GET',
      url: `/api/v1/records/${recordId}/access-log`,
      headers: { cookie: users.supervisor.cookie },
    });
    expect(log.statusCode).toBe(200);
    expect(log.json<{ purpose: string }[]>()).toHaveLength(3);
    const denied = await h.app.inject({
      method: 'GET',
      url: `/api/v1/records/${recordId}/access-log`,
      headers: { cookie: users.duty_inspector.cookie },
    });
    expect(denied.statusCode).toBe(403);
  });

  test('health withheld without consent, shown with it; an expired grant is refused', async () => {
    const c = custodyClient(h);
    const now = h.clock.now().getTime();
    const from = new Date(now - 3_600_000).toISOString();
    const until = new Date(now + 3_600_000).toISOString();
    await c.grant(users.hq, users.lawyer, [h.units.own], from, until);
    await c.grant(users.hq, users.monitor, [h.units.own], from, until);
    const lawyer = await viewOf(h, users.lawyer, walked.recordId, 'Захист');
    expect(lawyer.healthWithheld).toBe(true);
    const injuries = lawyer.timeline.find((t) => t.type === 'InjuriesRecorded');
    expect(injuries).toMatchObject({ payload: null, withheld: 'health_without_consent' });
    const monitor = await viewOf(h, users.monitor, walked.recordId, 'Візит НПМ');
    expect(monitor.healthWithheld).toBe(false);
    expect(monitor.timeline.find((t) => t.type === 'InjuriesRecorded')?.payload).not.toBeNull();
    const late = await h.signIn('monitor');
    await c.grant(users.hq, late, [h.units.own], from, new Date(now - 1000).toISOString());
    expect((await c.view(late, walked.recordId, 'Візит')).statusCode).toBe(404);
    expect((await c.view(users.lawyer, walked.recordId)).statusCode).toBe(400);
  });

  test('the list is scoped and filtered, with a cursor', async () => {
    const list = async (as: SignedIn, query: string) =>
      ok<RecordPage>(
        await h.app.inject({
          method: 'GET',
          url: `/api/v1/records?${query}`,
          headers: { cookie: as.cookie },
        }),
        200,
      );
    const all = await list(users.duty_inspector, 'limit=200');
    expect(all.items.length).toBeGreaterThanOrEqual(5);
    expect(all.items.every((i) => i.unitId === h.units.own)).toBe(true);
    const released = await list(users.duty_inspector, 'status=released');
    expect(released.items.map((i) => i.id)).toEqual([walked.recordId]);
    const byNumber = await list(users.hq, `q=${encodeURIComponent('КР-1/2025')}`);
    expect(byNumber.items.map((i) => i.id)).toContain(walked.recordId);
    const page1 = await list(users.duty_inspector, 'limit=2');
    expect(page1.items).toHaveLength(2);
    const page2 = await list(users.duty_inspector, `limit=2&cursor=${page1.nextCursor ?? ''}`);
    expect(page2.items[0]?.id).not.toBe(page1.items[1]?.id);
    const stranger = await h.signIn('custody_inspector', { unitId: h.units.other });
    expect((await list(stranger, '')).items).toEqual([]);
    const admin = await h.app.inject({
      method: 'GET',
      url: '/api/v1/records',
      headers: { cookie: users.admin.cookie },
    });
    expect(admin.statusCode).toBe(403);
  });

  test('the whiteboard lists every active detainee of the unit with deadlines', async () => {
    const { recordId } = await walk(h, users, WALK.slice(0, 2));
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/units/${h.units.own}/whiteboard`,
      headers: { cookie: users.duty_inspector.cookie },
    });
    expect(r.statusCode).toBe(200);
    const board = r.json<{
      rows: {
        summary: { id: string; status: string };
        obligations: { dueAt: string | null }[];
        outstandingNotifications: string[];
      }[];
    }>();
    const row = board.rows.find((x) => x.summary.id === recordId);
    expect(row?.summary.status).toBe('in_custody');
    expect(row?.outstandingNotifications).toContain('legal_aid_centre');
    const dues = (row?.obligations ?? []).map((o) => o.dueAt ?? '');
    expect(dues).toEqual([...dues].sort());
    expect(board.rows.some((x) => x.summary.id === walked.recordId)).toBe(false);
    const stranger = await h.signIn('duty_inspector', { unitId: h.units.other });
    const denied = await h.app.inject({
      method: 'GET',
      url: `/api/v1/units/${h.units.own}/whiteboard`,
      headers: { cookie: stranger.cookie },
    });
    expect(denied.statusCode).toBe(403);
  });

  test('a record offers each caller the commands it may issue now, and the documents it calls for', async () => {
    const { recordId } = await walk(h, users, WALK.slice(0, 2));
    const commandsOf = async (role: Role) =>
      (await viewOf(h, users[role], recordId, 'перевірка')).commands;
    const duty = await commandsOf('duty_inspector');
    expect(duty).toEqual(
      expect.arrayContaining(['RecordCellCheck', 'OfferMeal', 'ReleaseDetainee']),
    );
    expect(duty).not.toContain('ServeSuspicionNotice');
    expect(duty).not.toContain('RecordDelivery');
    expect(duty).not.toContain('PauseInterrogation');
    const investigator = await commandsOf('investigator');
    expect(investigator).toEqual(
      expect.arrayContaining(['ServeSuspicionNotice', 'StartInterrogation', 'RecordCourtDecision']),
    );
    expect(investigator).not.toContain('RecordCellCheck');
    expect(investigator).not.toContain('RecordPaceReview');
    expect(await commandsOf('medical')).toContain('RecordInjuries');
    expect(await commandsOf('hq')).toEqual(['EraseEventPayload']);
    expect(await commandsOf('supervisor')).toEqual(['RecordMartialLawConditions', 'CorrectEntry']);
    const fresh = await viewOf(h, users.duty_inspector, recordId);
    expect(fresh.documents).toEqual([
      'detention_protocol',
      'rights_notice',
      'notification_log',
      'record_extract',
    ]);
    // Only those who may export a record are offered its documents (record.export).
    for (const role of ['medical', 'investigator', 'detaining_officer'] as const) {
      expect((await viewOf(h, users[role], recordId)).documents, role).toEqual([]);
    }
    const closed = await viewOf(h, users.duty_inspector, walked.recordId);
    expect(closed.commands.sort()).toEqual([
      'AddAttachment',
      'BookmarkCamera',
      'CorrectEntry',
      'HandOverDocument',
    ]);
    expect(closed.documents).toEqual(
      expect.arrayContaining(['property_receipt', 'medical_referral', 'record_extract']),
    );
    expect(closed.documents).not.toContain('administrative_detention_protocol');
    const board = await h.app.inject({
      method: 'GET',
      url: `/api/v1/units/${h.units.own}/whiteboard`,
      headers: { cookie: users.investigator.cookie },
    });
    const offered = board.json<{ commands: string[] }>().commands;
    expect(offered).toContain('ServeSuspicionNotice');
    expect(offered).not.toContain('RecordCellCheck');
  });

  test('every problem answered so far is listed in its route’s OpenAPI document', () => {
    expect(undocumentedProblems()).toEqual([]);
  });
});
