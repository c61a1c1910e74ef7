import { describe, expect, test } from 'vitest';
import { placementBreaches, PLACEMENT_RULE_LABELS, type PlacementPerson } from './placement.ts';
import { openRecord } from './test/fixtures.ts';
import { actors, at, scenario } from './test/scenario.ts';
import type { Command } from './commands.ts';

const adult: PlacementPerson = {
  recordId: 'r-adult',
  juvenile: false,
  sex: 'male',
  profile: 'ua_criminal_208',
};
const room = (capacity: number, ...occupants: PlacementPerson[]) => ({
  id: 'cell-1',
  name: 'Кімната для затриманих № 1',
  capacity,
  occupants,
});
const me: PlacementPerson = { ...adult, recordId: 'r-me' };

describe('placement rules (domain.md §4)', () => {
  test('capacity: no more people than the room holds (наказ МВС № 440, розд. VIII: 4 m² each)', () => {
    expect(placementBreaches(me, room(2, adult))).toEqual([]);
    expect(placementBreaches(me, room(1, adult))).toEqual(['capacity']);
    expect(PLACEMENT_RULE_LABELS.capacity.basis.uk).toContain('№ 440');
    expect(PLACEMENT_RULE_LABELS.capacity.basis.en).toContain('4 m²');
  });
  test('juveniles apart from adults (Закон «Про попереднє ув’язнення» ст. 8)', () => {
    expect(placementBreaches({ ...me, juvenile: true }, room(4, adult))).toEqual([
      'juveniles_apart',
    ]);
    expect(PLACEMENT_RULE_LABELS.juveniles_apart.basis.uk).toContain('ст. 8');
    expect(PLACEMENT_RULE_LABELS.juveniles_apart.basis.en).toContain('art. 8');
  });
  test('men apart from women, where both are recorded', () => {
    expect(placementBreaches({ ...me, sex: 'female' }, room(4, adult))).toEqual(['sexes_apart']);
    expect(placementBreaches({ ...me, sex: undefined }, room(4, adult))).toEqual([]);
  });
  test('administrative detainees apart from others (наказ МВС № 777 for an ІТТ; policy in a police room)', () => {
    expect(placementBreaches({ ...me, profile: 'ua_administrative' }, room(4, adult))).toEqual([
      'administrative_apart',
    ]);
    expect(
      placementBreaches(
        { ...me, profile: 'ua_administrative_border' },
        room(4, { ...adult, profile: 'ua_administrative' }),
      ),
    ).toEqual([]);
    expect(PLACEMENT_RULE_LABELS.administrative_apart.basis.uk).toContain('№ 777');
  });
  test('several rules at once, in their order; the person is never their own occupant', () => {
    expect(
      placementBreaches(
        { ...me, juvenile: true, sex: 'female', profile: 'ua_administrative' },
        room(1, adult),
      ),
    ).toEqual(['capacity', 'juveniles_apart', 'sexes_apart', 'administrative_apart']);
    expect(placementBreaches(me, room(1, me))).toEqual([]);
  });
});

describe('a placement that breaks a rule needs a reason and is recorded flagged', () => {
  const move = (reason?: string) =>
    ({
      type: 'MoveDetainee',
      occurredAt: at(110),
      payload: {
        to: { cellId: 'cell-1', description: 'Кімната № 1' },
        purpose: 'Розміщення',
        escort: [],
        ...(reason === undefined ? {} : { placementReason: reason }),
      },
    }) as Command;
  const full = { placement: room(1, adult) };

  test('without a reason it is refused, naming the rules', () => {
    scenario()
      .given(...openRecord({ juvenile: true }))
      .when(move(), { actor: actors.duty, ...full })
      .thenRefused('placement_breaks_rules', {
        roomId: 'cell-1',
        breaches: ['capacity', 'juveniles_apart'],
      });
  });
  test('with a reason it is recorded with the rules broken', () => {
    const { state } = scenario()
      .given(...openRecord({ juvenile: true }))
      .when(move('Інші кімнати на ремонті; черговий постійно поруч'), {
        actor: actors.duty,
        ...full,
      })
      .thenEvents({
        type: 'DetaineeMoved',
        payload: { placementBreaches: ['capacity', 'juveniles_apart'] },
      });
    expect(state.placementFlag).toEqual({
      breaches: ['capacity', 'juveniles_apart'],
      reason: 'Інші кімнати на ремонті; черговий постійно поруч',
    });
  });
  test('a placement that breaks nothing is not flagged; a caller cannot set the flag itself', () => {
    const { events, state } = scenario()
      .given(...openRecord())
      .when(move(), { actor: actors.duty, placement: room(2, adult) })
      .thenEvents({ type: 'DetaineeMoved' });
    expect(events[0]?.payload).not.toHaveProperty('placementBreaches');
    expect(state.placementFlag).toBeUndefined();
    const plain = move();
    const forged = {
      ...plain,
      payload: { ...plain.payload, placementBreaches: ['capacity'] },
    } as unknown as Command;
    scenario()
      .given(...openRecord())
      .when(forged, { actor: actors.duty })
      .thenRefused('invalid_payload');
  });
  test('a move to a room the caller did not describe as a room for detainees is not checked', () => {
    scenario()
      .given(...openRecord({ juvenile: true }))
      .when(move(), { actor: actors.duty })
      .thenEvents({ type: 'DetaineeMoved' });
  });
});
