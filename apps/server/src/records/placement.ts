import type { PlacementFlag, Room, RoomPlacement } from '@custody/contracts';
import {
  placementBreaches,
  placementRoomId,
  type CustodyRecordState,
  type PlacementPerson,
  type PlacementRoom,
} from '@custody/domain';
import { findRoom, listRooms } from '../accounts/units.ts';
import type { Database } from '../db/database.ts';
import { projectionDb } from '../projections/record-summaries.table.ts';
import type { RecordCache } from './record-cache.ts';

/** Rooms the placement rules apply to: rooms for detainees (кімнати для затриманих), kind 'cell'. */
export const holdsDetainees = (room: Pick<Room, 'kind'>): boolean => room.kind === 'cell';

/** The person as the placement rules compare them (domain placement.ts). */
export function placementPerson(state: CustodyRecordState): PlacementPerson {
  return {
    recordId: state.recordId,
    juvenile: state.juvenile,
    sex: state.sex,
    profile: state.profile,
  };
}

/** The current placement's flag (the rules it broke and the reason stated), or null. */
export function placementFlagOf(state: CustodyRecordState | undefined): PlacementFlag | null {
  const flag = state?.placementFlag;
  return flag === undefined ? null : { breaches: [...flag.breaches], reason: flag.reason };
}

/** Where an active record is held now: the id of its room or cell, if it names one. */
export function heldIn(state: CustodyRecordState | undefined): string | undefined {
  return state?.location === undefined ? undefined : placementRoomId(state.location);
}

/**
 * Who is held in each room of a unit now: the unit's active records (detained or in custody),
 * folded from the cache at their summary's version, by the room or cell their last move names.
 */
export async function occupantsByRoom(
  database: Database,
  cache: RecordCache,
  unitId: string,
): Promise<Map<string, PlacementPerson[]>> {
  const rows = await projectionDb(database)
    .selectFrom('record_summaries')
    .select(['record_id', 'version'])
    .where('unit_id', '=', unitId)
    .where('status', 'in', ['detained', 'in_custody'])
    .execute();
  const byRoom = new Map<string, PlacementPerson[]>();
  for (const row of rows) {
    const { state } = await cache.get(row.record_id, row.version);
    const roomId = heldIn(state);
    if (state === undefined || roomId === undefined) continue;
    byRoom.set(roomId, [...(byRoom.get(roomId) ?? []), placementPerson(state)]);
  }
  return byRoom;
}

/**
 * The room for detainees a MoveDetainee command places the person in, with its capacity and who
 * is held there now, for `decide` (DecideContext.placement); undefined for any other command, a
 * move elsewhere (a zone, an interview room, a place described in words) or another unit's room.
 * Two placements decided at the same instant in two processes are not serialised against each
 * other: the second is checked against the occupants the first had not yet stored.
 */
export async function placementFor(
  database: Database,
  cache: RecordCache,
  type: string,
  payload: unknown,
  unitId: string,
): Promise<PlacementRoom | undefined> {
  if (type !== 'MoveDetainee' || typeof payload !== 'object' || payload === null) return undefined;
  const to = (payload as { to?: unknown }).to;
  if (typeof to !== 'object' || to === null) return undefined;
  const { cellId, roomId } = to as { cellId?: unknown; roomId?: unknown };
  const id = typeof cellId === 'string' ? cellId : typeof roomId === 'string' ? roomId : undefined;
  if (id === undefined) return undefined;
  const room = await findRoom(database, id);
  if (room === undefined || room.unitId !== unitId || !holdsDetainees(room)) return undefined;
  const occupants = (await occupantsByRoom(database, cache, unitId)).get(room.id) ?? [];
  return { id: room.id, name: room.name, capacity: room.capacity, occupants };
}

/**
 * Every active room for detainees of the unit as a place for the record's detainee now: its
 * occupancy and the rules a placement there would break, by the domain's placementBreaches on
 * the same room and occupants `decide` is given for a MoveDetainee (`placementFor`).
 */
export async function placementsOf(
  database: Database,
  cache: RecordCache,
  state: CustodyRecordState,
  unitId: string,
): Promise<RoomPlacement[]> {
  const cells = (await listRooms(database, unitId)).filter((r) => r.active && holdsDetainees(r));
  const byRoom = await occupantsByRoom(database, cache, unitId);
  const person = placementPerson(state);
  return cells.map((room) => {
    const occupants = byRoom.get(room.id) ?? [];
    return {
      id: room.id,
      name: room.name,
      capacity: room.capacity,
      occupants: occupants.length,
      breaches: placementBreaches(person, { ...room, occupants }),
    };
  });
}
