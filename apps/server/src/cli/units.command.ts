import { RoomKind } from '@custody/contracts';
import { accountsDb } from '../accounts/database.ts';
import { createRoom, createUnit, listRooms, listUnits } from '../accounts/units.ts';
import type { Database } from '../db/database.ts';
import { HttpProblem } from '../http/problem.ts';
import {
  command,
  configOf,
  json,
  parse,
  UsageError,
  withDatabase,
  noMoreArguments,
} from './common.ts';

const UNITS_USAGE = `Використання / usage:
  custody units add CODE --name "NAME" [--time-zone Europe/Kyiv]
  custody units list [--json]

Підрозділи поліції / police units. Exit status: 0 done, 1 failed (code taken), 2 usage error.`;

const CELLS_USAGE = `Використання / usage:
  custody cells add UNIT_CODE "NAME" [--kind cell|interview|medical|zone|other] [--capacity N] [--parent ROOM_ID]
  custody cells list UNIT_CODE [--json]

Кімнати для затриманих і приміщення підрозділу / cells, rooms and zones of a unit.
Exit status: 0 done, 1 failed (no such unit or parent), 2 usage error.`;

async function unitByCode(database: Database, code: string | undefined): Promise<string> {
  if (code === undefined) throw new UsageError('give a UNIT_CODE');
  const row = await accountsDb(database)
    .selectFrom('units')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  if (row === undefined) throw new Error(`немає підрозділу / no unit with code ${code}`);
  return row.id;
}

/** `custody units`: add and list police units (administrator, domain.md §2). */
export const unitsCommand = command(
  'units',
  'підрозділи / police units',
  UNITS_USAGE,
  async (args) => {
    const { values, positionals } = parse(args, {
      name: { type: 'string' },
      'time-zone': { type: 'string' },
      json: { type: 'boolean' },
    });
    const [action, code, ...extra] = positionals;
    noMoreArguments(extra);
    const config = configOf(values.database);
    if (action === 'add') {
      if (code === undefined || values.name === undefined)
        throw new UsageError('give CODE and --name');
      const name = values.name;
      return withDatabase(config, async (database) => {
        const unit = {
          name,
          code,
          ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
        };
        const { id } = await createUnit(database, unit).catch((e: unknown) => {
          throw e instanceof HttpProblem ? new Error(e.message) : e;
        });
        return values.json === true ? json({ id, code, name }) : `Створено / created ${code} ${id}`;
      });
    }
    if (action === 'list') {
      return withDatabase(config, async (database) => {
        const units = await listUnits(database);
        if (values.json === true) return json(units);
        return units
          .map((u) => `${u.code.padEnd(12)} ${u.timeZone.padEnd(16)} ${u.name}`)
          .join('\n');
      });
    }
    throw new UsageError(
      action === undefined ? 'give an action: add, list' : `unknown action ${action}`,
    );
  },
);

/** `custody cells`: add and list the cells, rooms and zones of a unit. */
export const cellsCommand = command(
  'cells',
  'кімнати / cells and rooms',
  CELLS_USAGE,
  async (args) => {
    const { values, positionals } = parse(args, {
      kind: { type: 'string' },
      capacity: { type: 'string' },
      parent: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [action, code, name, ...extra] = positionals;
    noMoreArguments(extra);
    const config = configOf(values.database);
    if (action === 'add') {
      if (name === undefined) throw new UsageError('give UNIT_CODE and NAME');
      const kind = RoomKind.safeParse(values.kind ?? 'cell');
      if (!kind.success)
        throw new UsageError(`--kind must be one of ${RoomKind.options.join(', ')}`);
      const capacity = Number(values.capacity ?? 1);
      if (!Number.isInteger(capacity) || capacity < 1)
        throw new UsageError('--capacity must be a whole number ≥ 1');
      return withDatabase(config, async (database) => {
        const unitId = await unitByCode(database, code);
        const room = await createRoom(database, unitId, {
          name,
          kind: kind.data,
          capacity,
          parentId: values.parent ?? null,
        });
        if (room === 'no_parent')
          throw new Error(`немає приміщення / no room ${values.parent ?? ''} in ${code ?? ''}`);
        return values.json === true
          ? json(room)
          : `Створено / created ${room.kind} ${room.name} ${room.id}`;
      });
    }
    if (action === 'list') {
      return withDatabase(config, async (database) => {
        const rooms = await listRooms(database, await unitByCode(database, code));
        if (values.json === true) return json(rooms);
        return rooms
          .map((r) => `${r.kind.padEnd(10)} ${String(r.capacity).padStart(3)}  ${r.name}  ${r.id}`)
          .join('\n');
      });
    }
    throw new UsageError(
      action === undefined ? 'give an action: add, list' : `unknown action ${action}`,
    );
  },
);
