import type { RecordView, Whiteboard } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';

const START = Date.parse('2026-04-01T09:00:00.000Z');

/**
 * The two-step approval (domain.md §2, §3.8): an inspector asks to lower the observation level;
 * the request waits for the unit's supervisors on the record and the whiteboard; a supervisor of
 * the record's unit approves or refuses it as their own entry, under their own identity, and an
 * approved lowering takes effect from that entry. Anyone else is refused and nothing is stored.
 * A domain refusal names the entry it refers to as an extension member (RFC 9457 §3.2; the
 * catalogue's PROBLEM_MEMBERS), so that a client acts on it without reading `detail`; it is a 422
 * titled "Unprocessable Content" (RFC 9110 §15.5.21) and stores nothing.
 */
describe.each(DIALECTS)('two-step approval of a lowering (%s)', (dialect) => {
  let kit: OversightKit;
  let duty: SignedIn;
  let inspector: SignedIn;
  let supervisor: SignedIn;
  let otherSupervisor: SignedIn;
  let driver: RecordDriver;
  let requestId = '';

  const view = async (who: SignedIn) => {
    const r = await kit.app.inject({
      url: `/api/v1/records/${driver.recordId}`,
      headers: { cookie: who.cookie },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<RecordView>();
  };
  const decide = (
    who: SignedIn,
    payload: Record<string, unknown>,
    occurredAt = '2026-04-01T08:40:00Z',
  ) =>
    kit.app.inject({
      method: 'POST',
      url: `/api/v1/records/${driver.recordId}/commands/DecideApproval`,
      headers: who.headers,
      payload: { occurredAt, expectedVersion: driver.version, payload },
    });
  const refusedAndNothingStored = async (r: Awaited<ReturnType<typeof decide>>, status: number) => {
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await view(supervisor)).summary.version).toBe(driver.version);
  };

  beforeAll(async () => {
    kit = await oversightKit(dialect, {}, START);
    const officer = await kit.signIn('detaining_officer');
    duty = await kit.signIn('duty_inspector');
    inspector = await kit.signIn('custody_inspector');
    supervisor = await kit.signIn('supervisor');
    otherSupervisor = await kit.signIn('supervisor', { unitId: kit.units.other });
    driver = new RecordDriver(kit, inspector);
    await driver.open('2026-04-01T08:00:00Z', {}, officer);
    await driver.run('SetObservationLevel', '2026-04-01T08:10:00Z', {
      level: 'constant',
      rationale: 'Сп’яніння',
    });
  }, 120_000);
  afterAll(() => kit.close());

  test('a duty inspector asks: the request waits for the supervisors, the level is unchanged', async () => {
    const asked = await driver.run(
      'RequestApproval',
      '2026-04-01T08:30:00Z',
      { subject: 'observation_lowering', level: 'intermittent', rationale: 'Протверезів' },
      duty,
    );
    requestId = asked.eventId;
    const seen = await view(supervisor);
    expect(seen.summary.observationLevel).toBe('constant');
    expect(seen.pendingApprovals).toEqual([
      expect.objectContaining({
        eventId: requestId,
        subject: 'observation_lowering',
        level: 'intermittent',
        rationale: 'Протверезів',
        requestedBy: expect.objectContaining({
          id: duty.userId,
          role: 'duty_inspector',
        }) as unknown,
      }),
    ]);
    expect(seen.commands).toContain('DecideApproval');
    expect((await view(duty)).commands).not.toContain('DecideApproval');
    expect((await view(inspector)).commands).not.toContain('DecideApproval');
    const board = await kit.app.inject({
      url: `/api/v1/units/${kit.units.own}/whiteboard`,
      headers: { cookie: supervisor.cookie },
    });
    expect(board.statusCode, board.body).toBe(200);
    const row = board.json<Whiteboard>().rows.find((x) => x.summary.id === driver.recordId);
    expect(row?.pendingApprovals).toBe(1);
  });

  describe('a refusal carries the ids it names', () => {
    const command = (who: SignedIn, type: string, occurredAt: string, payload: object) =>
      kit.app.inject({
        method: 'POST',
        url: `/api/v1/records/${driver.recordId}/commands/${type}`,
        headers: who.headers,
        payload: { occurredAt, expectedVersion: driver.version, payload },
      });
    const refused = async (r: Awaited<ReturnType<typeof command>>) => {
      await refusedAndNothingStored(r, 422);
      return r.json<Record<string, unknown>>();
    };

    test('a second request while one waits: approval_already_pending names the request that waits', async () => {
      const body = await refused(
        await command(duty, 'RequestApproval', '2026-04-01T08:31:00Z', {
          subject: 'observation_lowering',
          level: 'general',
          rationale: 'Ще раз',
        }),
      );
      expect(body).toMatchObject({
        code: 'approval_already_pending',
        title: 'Unprocessable Content',
        status: 422,
        requestEventId: requestId,
      });
    });

    test('approval_before_request names the request decided', async () => {
      const body = await refused(
        await command(supervisor, 'DecideApproval', '2026-04-01T08:20:00Z', {
          requestEventId: requestId,
          decision: 'approved',
        }),
      );
      expect(body).toMatchObject({
        code: 'approval_before_request',
        title: 'Unprocessable Content',
        requestEventId: requestId,
      });
    });

    test('contact_not_open names the contact', async () => {
      const body = await refused(
        await command(inspector, 'EndContact', '2026-04-01T08:40:00Z', {
          contactEventId: 'no-such-contact',
        }),
      );
      expect(body).toMatchObject({
        code: 'contact_not_open',
        title: 'Unprocessable Content',
        contactEventId: 'no-such-contact',
      });
    });

    test('a refusal of another code carries none of these members', async () => {
      const body = await refused(
        await command(duty, 'RequestApproval', '2026-04-01T08:41:00Z', {
          subject: 'observation_lowering',
          level: 'constant',
          rationale: 'Не нижче',
        }),
      );
      expect(body).toMatchObject({ code: 'approval_not_needed' });
      expect(body).not.toHaveProperty('requestEventId');
    });
  });

  test('a custody inspector deciding is refused for want of record.approve', async () => {
    const r = await decide(inspector, { requestEventId: requestId, decision: 'approved' });
    await refusedAndNothingStored(r, 403);
    expect(r.json()).toMatchObject({ permission: 'record.approve' });
  });

  test('the duty inspector who asked cannot decide either', async () => {
    await refusedAndNothingStored(
      await decide(duty, { requestEventId: requestId, decision: 'approved' }),
      403,
    );
  });

  test('a supervisor of another unit deciding is refused', async () => {
    const r = await decide(otherSupervisor, { requestEventId: requestId, decision: 'approved' });
    expect([403, 404]).toContain(r.statusCode);
    await refusedAndNothingStored(r, r.statusCode);
  });

  test('a refusal without a reason is bad input', async () => {
    const r = await decide(supervisor, { requestEventId: requestId, decision: 'refused' });
    await refusedAndNothingStored(r, 400);
    expect(r.json()).toMatchObject({
      code: 'invalid_request',
      errors: [{ path: 'body.payload.reason', message: 'a refusal states its reason' }],
    });
  });

  test('a supervisor of the unit approves as their own entry; the lowering takes effect from it', async () => {
    const r = await decide(supervisor, { requestEventId: requestId, decision: 'approved' });
    expect(r.statusCode, r.body).toBe(201);
    driver.version = r.json<{ version: number }>().version;
    const seen = await view(supervisor);
    expect(seen.summary.observationLevel).toBe('intermittent');
    expect(seen.pendingApprovals).toEqual([]);
    expect(seen.commands).not.toContain('DecideApproval');
    const entries = seen.timeline.filter((e) => e.type.startsWith('Approval'));
    expect(entries.map((e) => [e.type, e.actor.id])).toEqual([
      ['ApprovalRequested', duty.userId],
      ['ApprovalDecided', supervisor.userId],
    ]);
    expect(entries[1]?.payload).toMatchObject({
      requestEventId: requestId,
      decision: 'approved',
      subject: 'observation_lowering',
      level: 'intermittent',
    });
  });

  test('a refusal with a reason leaves the level as it was', async () => {
    const asked = await driver.run(
      'RequestApproval',
      '2026-04-01T08:45:00Z',
      { subject: 'observation_lowering', level: 'general', rationale: 'Спить спокійно' },
      duty,
    );
    const r = await decide(
      supervisor,
      { requestEventId: asked.eventId, decision: 'refused', reason: 'Зарано: менше 4 год' },
      '2026-04-01T08:46:00Z',
    );
    expect(r.statusCode, r.body).toBe(201);
    driver.version = r.json<{ version: number }>().version;
    const seen = await view(supervisor);
    expect(seen.summary.observationLevel).toBe('intermittent');
    expect(seen.pendingApprovals).toEqual([]);
  });

  test('the level set again supersedes a pending request, and the record and board say so', async () => {
    const asked = await driver.run(
      'RequestApproval',
      '2026-04-01T08:50:00Z',
      { subject: 'observation_lowering', level: 'general', rationale: 'Спить спокійно' },
      duty,
    );
    // The caller cannot name the superseded request: the domain records it.
    const named = await kit.app.inject({
      method: 'POST',
      url: `/api/v1/records/${driver.recordId}/commands/SetObservationLevel`,
      headers: inspector.headers,
      payload: {
        occurredAt: '2026-04-01T08:55:00Z',
        expectedVersion: driver.version,
        payload: { level: 'constant', supersedesRequestEventId: asked.eventId },
      },
    });
    await refusedAndNothingStored(named, 400);
    const set = await driver.run('SetObservationLevel', '2026-04-01T08:55:00Z', {
      level: 'constant',
      rationale: 'Знову неспокійний',
    });
    const seen = await view(supervisor);
    expect(seen.pendingApprovals).toEqual([]);
    expect(seen.summary.observationLevel).toBe('constant');
    const entry = seen.timeline.find((e) => e.eventId === set.eventId);
    expect(entry?.payload).toMatchObject({
      level: 'constant',
      supersedesRequestEventId: asked.eventId,
    });
    const board = async (who: SignedIn) => {
      const r = await kit.app.inject({
        url: `/api/v1/units/${kit.units.own}/whiteboard`,
        headers: { cookie: who.cookie },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<Whiteboard>().rows.find((x) => x.summary.id === driver.recordId);
    };
    const row = await board(supervisor);
    expect(row?.pendingApprovals).toBe(0);
    expect(row?.supersededApproval).toEqual({
      requestEventId: asked.eventId,
      byEventId: set.eventId,
      at: '2026-04-01T08:55:00Z',
    });
    // The next request clears it: the board then shows that request instead.
    await driver.run(
      'RequestApproval',
      '2026-04-01T09:00:00Z',
      { subject: 'observation_lowering', level: 'intermittent', rationale: 'Заспокоївся' },
      duty,
    );
    const after = await board(supervisor);
    expect(after?.pendingApprovals).toBe(1);
    expect(after?.supersededApproval).toBeNull();
  });
});
