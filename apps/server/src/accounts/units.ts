import { randomUUID } from 'node:crypto';
import { RoomKind, type Room, type Unit } from '@custody/contracts';
import type { Database } from '../db/database.ts';
import { conflict } from '../http/problem.ts';
import { accountsDb, isUniqueViolation } from './database.ts';
import type { RoomsTable, UnitsTable } from './tables.ts';

const toUnit = (r: UnitsTable): Unit => ({
  id: r.id,
  code: r.code,
  name: r.name,
  timeZone: r.time_zone,
});

const toRoom = (r: RoomsTable): Room => ({
  id: r.id,
  unitId: r.unit_id,
  parentId: r.parent_id,
  name: r.name,
  kind: RoomKind.parse(r.kind),
  capacity: r.capacity,
  active: r.active !== 0,
});

/** Creates a police unit; its time zone (IANA, default Europe/Kyiv) is the one its deadlines are shown in. */
export async function createUnit(
  database: Database,
  unit: { name: string; code: string; timeZone?: string },
  now: Date = new Date(),
): Promise<{ id: string }> {
  const id = randomUUID();
  try {
    await accountsDb(database)
      .insertInto('units')
      .values({
        id,
        code: unit.code,
        name: unit.name,
        time_zone: unit.timeZone ?? 'Europe/Kyiv',
        created_at: now.toISOString(),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('unit_code_taken', 'Код зайнятий. Code taken.');
    throw error;
  }
  return { id };
}

/** Units, all of them or only those named. */
export async function listUnits(database: Database, only?: readonly string[]): Promise<Unit[]> {
  let q = accountsDb(database).selectFrom('units').selectAll().orderBy('code');
  if (only !== undefined) {
    if (only.length === 0) return [];
    q = q.where('id', 'in', only);
  }
  return (await q.execute()).map(toUnit);
}

export async function findUnit(database: Database, id: string): Promise<Unit | undefined> {
  const row = await accountsDb(database)
    .selectFrom('units')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toUnit(row);
}

export async function updateUnit(
  database: Database,
  id: string,
  change: { name?: string; code?: string; timeZone?: string },
): Promise<Unit | undefined> {
  const set = {
    ...(change.name === undefined ? {} : { name: change.name }),
    ...(change.code === undefined ? {} : { code: change.code }),
    ...(change.timeZone === undefined ? {} : { time_zone: change.timeZone }),
  };
  try {
    if (Object.keys(set).length > 0) {
      await accountsDb(database).updateTable('units').set(set).where('id', '=', id).execute();
    }
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('unit_code_taken', 'Код зайнятий. Code taken.');
    throw error;
  }
  return findUnit(database, id);
}

export async function listRooms(database: Database, unitId: string): Promise<Room[]> {
  const rows = await accountsDb(database)
    .selectFrom('rooms')
    .selectAll()
    .where('unit_id', '=', unitId)
    .orderBy('name')
    .execute();
  return rows.map(toRoom);
}

export async function findRoom(database: Database, id: string): Promise<Room | undefined> {
  const row = await accountsDb(database)
    .selectFrom('rooms')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toRoom(row);
}

/** A zone, room or cell of a unit; a parent, when given, is a room of the same unit. */
export async function createRoom(
  database: Database,
  unitId: string,
  room: { name: string; kind: RoomKind; capacity: number; parentId: string | null },
): Promise<Room | 'no_parent'> {
  if (room.parentId !== null) {
    const parent = await findRoom(database, room.parentId);
    if (parent?.unitId !== unitId) return 'no_parent';
  }
  const row: RoomsTable = {
    id: randomUUID(),
    unit_id: unitId,
    parent_id: room.parentId,
    name: room.name,
    kind: room.kind,
    capacity: room.capacity,
    active: 1,
  };
  await accountsDb(database).insertInto('rooms').values(row).execute();
  return toRoom(row);
}

export async function updateRoom(
  database: Database,
  id: string,
  change: { name?: string; kind?: RoomKind; capacity?: number; active?: boolean },
): Promise<Room | undefined> {
  const set = {
    ...(change.name === undefined ? {} : { name: change.name }),
    ...(change.kind === undefined ? {} : { kind: change.kind }),
    ...(change.capacity === undefined ? {} : { capacity: change.capacity }),
    ...(change.active === undefined ? {} : { active: change.active ? 1 : 0 }),
  };
  if (Object.keys(set).length > 0) {
    await accountsDb(database).updateTable('rooms').set(set).where('id', '=', id).execute();
  }
  return findRoom(database, id);
}
