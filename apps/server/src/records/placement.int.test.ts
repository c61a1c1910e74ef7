import type { RecordPlacements, RecordView, Whiteboard } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRoom } from '../accounts/units.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';

const START = Date.parse('2026-04-02T08:00:00.000Z');

/**
 * Placement checks through the API on both databases (domain.md §4): capacity, juveniles apart
 * from adults, men from women, administrative detainees from others; a placement that breaks one
 * is refused 422 `placement_breaks_rules` unless it states a reason, and is then recorded flagged;
 * the whiteboard shows each room's occupancy against its capacity.
 */
describe.each(DIALECTS)('placement checks (%s)', (dialect) => {
  let kit: OversightKit;
  let duty: SignedIn;
  let officer: SignedIn;
  let cell: string;
  let interview: string;
  const drivers: Record<string, RecordDriver> = {};

  const open = async (key: string, over: Record<string, unknown>) => {
    const d = new RecordDriver(kit, duty);
    await d.open('2026-04-02T08:00:00Z', over, officer);
    await d.run('RecordDelivery', '2026-04-02T08:20:00Z', { unitId: kit.units.own });
    drivers[key] = d;
    return d;
  };
  const move = (d: RecordDriver, roomId: string, reason?: string) =>
    kit.app.inject({
      method: 'POST',
      url: `/api/v1/records/${d.recordId}/commands/MoveDetainee`,
      headers: duty.headers,
      payload: {
        occurredAt: '2026-04-02T08:40:00Z',
        expectedVersion: d.version,
        payload: {
          to: { cellId: roomId, description: 'Кімната' },
          purpose: 'Розміщення в кімнаті для затриманих',
          escort: [],
          ...(reason === undefined ? {} : { placementReason: reason }),
        },
      },
    });
  const placements = (d: RecordDriver, who: SignedIn = duty) =>
    kit.app.inject({
      url: `/api/v1/records/${d.recordId}/placements`,
      headers: { cookie: who.cookie },
    });
  const breachesFor = async (d: RecordDriver) => {
    const r = await placements(d);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<RecordPlacements>().rooms.map((room) => [room.id, room.breaches]);
  };
  const moved = async (d: RecordDriver, roomId: string, reason?: string) => {
    const r = await move(d, roomId, reason);
    expect(r.statusCode, r.body).toBe(201);
    d.version = r.json<{ version: number }>().version;
  };

  beforeAll(async () => {
    kit = await oversightKit(dialect, {}, START);
    kit.clock.advance(45 * 60);
    officer = await kit.signIn('detaining_officer');
    duty = await kit.signIn('duty_inspector');
    const c = await createRoom(kit.database, kit.units.own, {
      name: 'Кімната для затриманих № 1',
      kind: 'cell',
      capacity: 2,
      parentId: null,
    });
    const i = await createRoom(kit.database, kit.units.own, {
      name: 'Кімната для слідчих дій',
      kind: 'interview',
      capacity: 1,
      parentId: null,
    });
    if (c === 'no_parent' || i === 'no_parent') throw new Error('rooms');
    cell = c.id;
    interview = i.id;
    await open('adult', { sex: 'male' });
    await open('juvenile', { sex: 'male', juvenile: true });
    await open('woman', { sex: 'female' });
    await open('administrative', {
      sex: 'male',
      profile: 'ua_administrative',
      legalBasis: 'КУпАП ст. 262, 263',
    });
    await open('second', { sex: 'male' });
    await open('third', { sex: 'male' });
  }, 120_000);
  afterAll(() => kit.close());

  test('a placement breaking no rule is recorded unflagged', async () => {
    // Before it, the empty room breaks nothing for anyone; an interview room is not listed.
    expect(await breachesFor(drivers.juvenile!)).toEqual([[cell, []]]);
    await moved(drivers.adult!, cell);
  });

  test('GET …/placements names the rules a placement would break before it is sent, as decide does', async () => {
    expect(await breachesFor(drivers.juvenile!)).toEqual([[cell, ['juveniles_apart']]]);
    expect(await breachesFor(drivers.woman!)).toEqual([[cell, ['sexes_apart']]]);
    expect(await breachesFor(drivers.administrative!)).toEqual([[cell, ['administrative_apart']]]);
    expect(await breachesFor(drivers.second!)).toEqual([[cell, []]]);
    // The person already there is not counted against themself.
    const own = await placements(drivers.adult!);
    expect(own.json<RecordPlacements>().rooms).toEqual([
      {
        id: cell,
        name: 'Кімната для затриманих № 1',
        capacity: 2,
        occupants: 1,
        breaches: [],
      },
    ]);
  });

  test('GET …/placements: only who may move the detainee (403 for an investigator, 404 elsewhere)', async () => {
    const d = drivers.juvenile!;
    const investigator = await kit.signIn('investigator');
    expect((await placements(d, investigator)).statusCode).toBe(403);
    const stranger = await kit.signIn('duty_inspector', { unitId: kit.units.other });
    expect((await placements(d, stranger)).statusCode).toBe(404);
    const admin = await kit.signIn('admin');
    expect((await placements(d, admin)).statusCode).toBe(404);
    const custody = await kit.signIn('custody_inspector');
    expect((await placements(d, custody)).statusCode).toBe(200);
    const unknown = await kit.app.inject({
      url: '/api/v1/records/no-such-record/placements',
      headers: { cookie: duty.cookie },
    });
    expect(unknown.statusCode).toBe(404);
  });

  test.each([
    ['juvenile', 'juveniles_apart'],
    ['woman', 'sexes_apart'],
    ['administrative', 'administrative_apart'],
  ])('placing the %s with an adult man is refused without a reason (%s)', async (key, rule) => {
    const r = await move(drivers[key]!, cell);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'placement_breaks_rules',
      roomId: cell,
      breaches: [rule],
    });
  });

  test('over capacity is refused; with a reason it is recorded flagged, and the board shows it', async () => {
    await moved(drivers.second!, cell);
    expect(await breachesFor(drivers.third!)).toEqual([[cell, ['capacity']]]);
    const full = await move(drivers.third!, cell);
    expect(full.statusCode, full.body).toBe(422);
    expect(full.json()).toMatchObject({ breaches: ['capacity'] });
    const reason = 'Інші кімнати на дезінфекції; черговий поруч';
    await moved(drivers.third!, cell, reason);

    const board = await kit.app.inject({
      url: `/api/v1/units/${kit.units.own}/whiteboard`,
      headers: { cookie: duty.cookie },
    });
    expect(board.statusCode, board.body).toBe(200);
    const wb = board.json<Whiteboard>();
    expect(wb.rooms).toEqual([
      { id: cell, name: 'Кімната для затриманих № 1', capacity: 2, occupants: 3 },
    ]);
    const row = (id: string) => wb.rows.find((r) => r.summary.id === id);
    expect(row(drivers.third!.recordId)?.placementFlag).toEqual({
      breaches: ['capacity'],
      reason,
    });
    expect(row(drivers.third!.recordId)?.room).toMatchObject({ occupants: 3, capacity: 2 });
    expect(row(drivers.adult!.recordId)?.placementFlag).toBeNull();
    // The record page reads the same flag from the record.
    const view = async (d: RecordDriver) => {
      const r = await kit.app.inject({
        url: `/api/v1/records/${d.recordId}`,
        headers: { cookie: duty.cookie },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<RecordView>().flags.placement;
    };
    expect(await view(drivers.third!)).toEqual({ breaches: ['capacity'], reason });
    expect(await view(drivers.adult!)).toBeNull();
    expect(row(drivers.juvenile!.recordId)?.room).toBeNull();
  });

  test('a move to a room that is not a room for detainees is not a placement', async () => {
    await moved(drivers.juvenile!, interview);
    await moved(drivers.woman!, interview);
  });
});
