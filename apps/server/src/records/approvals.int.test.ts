import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { disableUser } from '../accounts/users.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';

const START = Date.parse('2026-04-01T08:00:00.000Z');

/**
 * Approvals by someone who may approve (domain.md §2, §3.8; КПК ст. 615): the server looks the
 * named approver up in the accounts at the moment of the entry; only an active supervisor of the
 * record's unit approves. Every refusal is the stable 422 problem `approver_not_supervisor`.
 */
describe.each(DIALECTS)('approvals are verified against the accounts (%s)', (dialect) => {
  let kit: OversightKit;
  let inspector: SignedIn;
  let driver: RecordDriver;
  const people: Record<string, string> = {};

  const lower = (supervisorId: string) =>
    kit.app.inject({
      method: 'POST',
      url: `/api/v1/records/${driver.recordId}/commands/SetObservationLevel`,
      headers: inspector.headers,
      payload: {
        occurredAt: '2026-04-01T08:30:00Z',
        expectedVersion: driver.version,
        payload: {
          level: 'general',
          rationale: 'Протверезів, лікар оглянув',
          supervisorApproval: { supervisorId },
        },
      },
    });

  beforeAll(async () => {
    kit = await oversightKit(dialect, {}, START);
    const officer = await kit.signIn('detaining_officer');
    inspector = await kit.signIn('custody_inspector');
    people.supervisor = (await kit.signIn('supervisor')).userId;
    people.otherUnit = (await kit.signIn('supervisor', { unitId: kit.units.other })).userId;
    people.disabled = (await kit.signIn('supervisor')).userId;
    await disableUser(kit.database, people.disabled, kit.clock.now());
    people.inspector = inspector.userId;
    people.duty = (await kit.signIn('duty_inspector')).userId;
    driver = new RecordDriver(kit, inspector);
    kit.clock.advance(20 * 60);
    await driver.open('2026-04-01T08:00:00Z', {}, officer);
    await driver.run('SetObservationLevel', '2026-04-01T08:10:00Z', {
      level: 'constant',
      rationale: 'Сп’яніння',
    });
    kit.clock.advance(20 * 60);
  }, 120_000);
  afterAll(() => kit.close());

  test.each([
    ['a duty inspector', 'duty', 'not_supervisor'],
    ['a supervisor of another unit', 'otherUnit', 'other_unit'],
    ['a disabled supervisor account', 'disabled', 'inactive'],
  ])('lowering approved by %s is refused', async (_, who, standing) => {
    const r = await lower(people[who]!);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({
      code: 'approver_not_supervisor',
      approverId: people[who],
      standing,
    });
  });

  test('GET /units/:id/supervisors lists the active supervisors of the unit, whom a form offers', async () => {
    const r = await kit.app.inject({
      url: `/api/v1/units/${kit.units.own}/supervisors`,
      headers: { cookie: inspector.cookie },
    });
    expect(r.statusCode, r.body).toBe(200);
    const ids = r.json<{ id: string; displayName: string }[]>().map((s) => s.id);
    expect(ids).toContain(people.supervisor);
    expect(ids).not.toContain(people.disabled);
    expect(ids).not.toContain(people.otherUnit);
    expect(ids).not.toContain(people.duty);
    const other = await kit.app.inject({
      url: `/api/v1/units/${kit.units.other}/supervisors`,
      headers: { cookie: inspector.cookie },
    });
    expect(other.statusCode).toBe(403);
  });

  test('lowering approved by a person who does not exist is refused', async () => {
    const r = await lower('00000000-0000-4000-8000-000000000000');
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({ code: 'approver_not_supervisor', standing: 'unknown' });
  });

  test('the person lowering cannot approve their own lowering', async () => {
    const r = await lower(people.inspector!);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({ code: 'observation_lowering_needs_supervisor' });
  });

  test('lowering approved by an active supervisor of the unit is accepted and names them', async () => {
    const r = await lower(people.supervisor!);
    expect(r.statusCode, r.body).toBe(201);
    driver.version = r.json<{ version: number }>().version;
    const view = await kit.app.inject({
      url: `/api/v1/records/${driver.recordId}`,
      headers: { cookie: inspector.cookie },
    });
    const entry = view
      .json<{ timeline: { type: string; payload: Record<string, unknown> | null }[] }>()
      .timeline.filter((e) => e.type === 'ObservationLevelSet')
      .at(-1);
    expect(entry?.payload).toMatchObject({
      level: 'general',
      supervisorApproval: { supervisorId: people.supervisor },
    });
  });

  test('martial-law conditions naming someone other than a supervisor of the unit are refused', async () => {
    const supervisor = await kit.signIn('supervisor');
    const send = (supervisorId: string) =>
      kit.app.inject({
        method: 'POST',
        url: `/api/v1/records/${driver.recordId}/commands/RecordMartialLawConditions`,
        headers: supervisor.headers,
        payload: {
          occurredAt: '2026-04-01T08:35:00Z',
          expectedVersion: driver.version,
          payload: { supervisorId, conditions: 'Воєнний стан, наказ №1' },
        },
      });
    for (const id of [people.duty!, people.otherUnit!, 'nobody']) {
      const r = await send(id);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json()).toMatchObject({ code: 'approver_not_supervisor' });
    }
    const ok = await send(supervisor.userId);
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
