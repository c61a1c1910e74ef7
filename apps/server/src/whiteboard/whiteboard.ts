import type {
  BoardObligation,
  Obligation,
  RoomOccupancy,
  Whiteboard,
  WhiteboardRow,
} from '@custody/contracts';
import { sql, type CompiledQuery } from 'kysely';
import { listRooms } from '../accounts/units.ts';
import { heldIn, holdsDetainees, placementFlagOf } from '../records/placement.ts';
import {
  NOTIFICATION_KINDS,
  obligationForReader,
  whiteboardClock,
  type NotificationKind,
} from '@custody/domain';
import type { Unit } from '@custody/contracts';
import { changeToken } from '../db/change-token.ts';
import type { Database } from '../db/database.ts';
import { projectionDb, type RecordSummariesTable } from '../projections/record-summaries.table.ts';
import type { CustodySettings } from '../records/custody-settings.ts';
import type { RecordCache } from '../records/record-cache.ts';
import { unitClockSettings } from '../policy/unit-policy.ts';
import { toSummary } from '../records/record-view.ts';
import { runPrepared } from '../store/transaction.ts';

/** Rows whose clocks are computed between two turns of the event loop. */
const ROWS_PER_TURN = 20;

/** The statuses of a record on the board: detained or in custody (not yet released or transferred). */
const ON_BOARD = ['detained', 'in_custody'] as const;

function notificationKind(id: string): NotificationKind | null {
  const kind = id.startsWith('notification:') ? id.slice('notification:'.length) : '';
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind)
    ? (kind as NotificationKind)
    : null;
}

/**
 * An obligation without its bilingual explanation, which the board does not show (nor the domain's
 * health marker: `obligationForReader` drops it).
 */
function onBoard(o: Obligation): BoardObligation {
  const { explanation: _shownOnTheRecordPage, ...rest } = obligationForReader(o, false);
  return rest;
}

/** The unit's columns and its board's stamp figures, as `boardStampQuery` reads them. */
interface StampRow {
  id: string;
  code: string;
  name: string;
  time_zone: string;
  active: number | string;
  last: number | string | null;
  policy: number | string | null;
  rooms: string | null;
}

/**
 * One room as its board shows it (name, kind, capacity, open or closed; the name prefixed with
 * its length, so no two rooms' texts run together), for the stamp.
 */
const ROOM_TEXT = sql`r.id || ' ' || length(r.name) || ':' || r.name || ' ' || r.kind || ' ' ||
  r.capacity || ' ' || r.active || ' ' || coalesce(r.parent_id, '')`;

const stampQueries = new WeakMap<Database, CompiledQuery<StampRow>>();

/** `boardStamp`'s one statement, compiled for the database's dialect once (parameter: the unit). */
function boardStampQuery(database: Database, unitId: string): CompiledQuery<StampRow> {
  let compiled = stampQueries.get(database);
  if (compiled === undefined) {
    compiled = sql<StampRow>`SELECT u.id, u.code, u.name, u.time_zone,
        (SELECT count(*) FROM record_summaries s
          WHERE s.unit_id = u.id AND s.status IN (${sql.join([...ON_BOARD])})) AS active,
        (SELECT max(s.last_log_index) FROM record_summaries s
          WHERE s.unit_id = u.id AND s.status IN (${sql.join([...ON_BOARD])})) AS last,
        (SELECT max(p.version) FROM unit_policy_changes p WHERE p.unit_id = u.id) AS policy,
        ${
          database.dialect === 'postgres'
            ? sql`(SELECT md5(string_agg(${ROOM_TEXT}, ';' ORDER BY r.id)) FROM rooms r
                WHERE r.unit_id = u.id)`
            : sql`(SELECT group_concat(${ROOM_TEXT}, ';' ORDER BY r.id) FROM rooms r
                WHERE r.unit_id = u.id)`
        } AS rooms
      FROM units u WHERE u.id = ${''}`.compile(database.db);
    stampQueries.set(database, compiled);
  }
  const parameters = compiled.parameters.map((p, i) =>
    i === compiled.parameters.length - 1 ? unitId : p,
  );
  return { ...compiled, parameters };
}

/** A unit and the stamp of what its board is computed from (`boardStamp`). */
export interface UnitStamp {
  readonly unit: Unit;
  readonly stamp: string;
}

/**
 * The unit and, in one string that changes whenever its board's content may (but for the clock),
 * what its board is computed from: the unit's name, code and time zone, how many of its records
 * are on the board and the highest log index among their summaries, the version of the unit's
 * policy stream, and its rooms (every column of each, on PostgreSQL as their MD5: the stamp is
 * read there for every request); undefined for an unknown unit. Every append to a record
 * writes the record's summary, stamped with the append's log index, in the append's transaction
 * (docs/ARCHITECTURE.md), whichever process appends; log indexes only grow. So if a summary on
 * the board changed, or a record came onto it (delivered to the unit, moved to it), the highest
 * index grows; if no summary on the board has a newer index, each was there and unchanged
 * before, and the set can only have lost records (released, transferred, moved to another
 * unit): then the count fell. One statement, prepared once per connection (`runPrepared`).
 */
export async function boardStamp(
  database: Database,
  unitId: string,
): Promise<UnitStamp | undefined> {
  const r = (await runPrepared(database, boardStampQuery(database, unitId))).rows[0];
  if (r === undefined) return undefined;
  const unit: Unit = { id: r.id, code: r.code, name: r.name, timeZone: r.time_zone };
  const stamp = JSON.stringify([
    unit.name,
    unit.code,
    unit.timeZone,
    String(r.active),
    String(r.last ?? ''),
    String(r.policy ?? ''),
    r.rooms ?? '',
  ]);
  return { unit, stamp };
}

/**
 * The stamps of the units asked for, read from the database only when it may have changed since
 * the last read (`changeToken`: on SQLite, nothing committed by this connection or any other
 * since); on PostgreSQL, where no check is cheaper than the stamp's own statement, on every call.
 * The token is read before the stamp, so a stamp kept under a token describes the database at
 * least as new as that token, and an unchanged token means nothing was written since.
 */
export class BoardStamps {
  private readonly kept = new Map<string, { readonly token: string; readonly at: UnitStamp }>();

  constructor(
    private readonly database: Database,
    private readonly maxUnits = 256,
  ) {}

  async read(unitId: string): Promise<UnitStamp | undefined> {
    const token = await changeToken(this.database);
    const kept = this.kept.get(unitId);
    if (token !== null && kept?.token === token) return kept.at;
    const at = await boardStamp(this.database, unitId);
    this.kept.delete(unitId);
    if (token !== null && at !== undefined) {
      if (this.kept.size >= this.maxUnits) this.kept.clear();
      this.kept.set(unitId, { token, at });
    }
    return at;
  }
}

/** One row of the board in both of its forms: for a reader of health entries and for others. */
interface BothRows {
  readonly withHealth: WhiteboardRow;
  readonly withoutHealth: WhiteboardRow;
}

/**
 * A unit's board computed at one instant, before it is shown to a reader: `rows` are the summaries
 * it was computed from (in board order), which decide what a reader may see of each
 * (`healthReader`); `board` gives it as shown to a reader who sees the health and risk entries of
 * the rows marked true.
 */
export interface BoardBase {
  readonly rows: readonly RecordSummariesTable[];
  board(readsHealth: readonly boolean[]): Omit<Whiteboard, 'commands'>;
}

/**
 * The unit's whiteboard (issue 5): every active detainee (detained or in custody) with location,
 * time in custody, open deadlines soonest first, notifications still owed "immediately"
 * (КПК ст. 213) and the next cell check (Code C 9.3). Rows come from the summary projection;
 * each record is folded once and kept in the cache by stream version, and the clock computes only
 * the open obligations (`whiteboardClock`), not the record's history of met checks and meals.
 * Computed once for every reader: the observation level and the requests to lower it are
 * withheld per row when the board is shown (`BoardBase.board`).
 */
export async function whiteboardBase(
  database: Database,
  cache: RecordCache,
  settings: CustodySettings,
  unit: Unit,
  now: Date,
): Promise<BoardBase> {
  const policy = await unitClockSettings({ database, settings }, unit.id);
  const rows = await projectionDb(database)
    .selectFrom('record_summaries')
    .selectAll()
    .where('unit_id', '=', unit.id)
    .where('status', 'in', ON_BOARD)
    .orderBy('t0')
    .execute();
  const cells = (await listRooms(database, unit.id)).filter((r) => r.active && holdsDetainees(r));
  const loadedRows = [];
  for (const row of rows)
    loadedRows.push({ row, loaded: await cache.get(row.record_id, row.version) });
  const held = new Map<string, number>();
  for (const { loaded } of loadedRows) {
    const id = heldIn(loaded.state);
    if (id !== undefined) held.set(id, (held.get(id) ?? 0) + 1);
  }
  const rooms: RoomOccupancy[] = cells.map((r) => ({
    id: r.id,
    name: r.name,
    capacity: r.capacity,
    occupants: held.get(r.id) ?? 0,
  }));
  const both: BothRows[] = [];
  for (const [i, { row, loaded }] of loadedRows.entries()) {
    // Other requests are served between turns (a board is computed while the last is served).
    if (i > 0 && i % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const clock = whiteboardClock(loaded.facts, policy, now.getTime());
    const open = clock.obligations.sort((a, b) =>
      (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'),
    );
    const shown = (readsHealth: boolean): WhiteboardRow => {
      // The board shows no explanation; the observation level only to a reader of health entries.
      const summary = toSummary(row, clock, readsHealth);
      return {
        summary: {
          ...summary,
          nextDue: summary.nextDue && onBoard(summary.nextDue),
          mostUrgent: summary.mostUrgent && onBoard(summary.mostUrgent),
        },
        obligations: open.map(onBoard),
        outstandingNotifications: open.flatMap((o) => notificationKind(o.id) ?? []),
        nextCheckDueAt: open.find((o) => o.kind === 'cell_check')?.dueAt ?? null,
        openContacts: (loaded.state?.openContacts ?? []).map((c) => ({
          eventId: c.eventId,
          personName: c.personName,
          role: c.role,
          since: c.since,
          flagged: c.flagged,
        })),
        room: rooms.find((r) => r.id === heldIn(loaded.state)) ?? null,
        placementFlag: placementFlagOf(loaded.state),
        // A request to lower the observation level is risk data too (domain.md §5).
        pendingApprovals: readsHealth ? (loaded.state?.pendingApprovals.length ?? 0) : 0,
        supersededApproval: readsHealth ? (loaded.state?.supersededApproval ?? null) : null,
      };
    };
    both.push({ withHealth: shown(true), withoutHealth: shown(false) });
  }
  const head = {
    unit: { id: unit.id, name: unit.name, code: unit.code, timeZone: unit.timeZone },
    now: now.toISOString(),
  };
  return {
    rows,
    board: (readsHealth) => ({
      ...head,
      rows: both.map((r, i) => (readsHealth[i] === true ? r.withHealth : r.withoutHealth)),
      rooms,
    }),
  };
}
