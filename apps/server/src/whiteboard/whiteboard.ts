import type {
  BoardObligation,
  Obligation,
  RoomOccupancy,
  Whiteboard,
  WhiteboardRow,
} from '@custody/contracts';
import { listRooms } from '../accounts/units.ts';
import { heldIn, holdsDetainees, placementFlagOf } from '../records/placement.ts';
import {
  NOTIFICATION_KINDS,
  obligationForReader,
  whiteboardClock,
  type NotificationKind,
} from '@custody/domain';
import type { Unit } from '@custody/contracts';
import type { Database } from '../db/database.ts';
import { projectionDb, type RecordSummariesTable } from '../projections/record-summaries.table.ts';
import type { CustodySettings } from '../records/custody-deps.ts';
import type { RecordCache } from '../records/record-cache.ts';
import { unitClockSettings } from '../policy/unit-policy.ts';
import { toSummary } from '../records/record-view.ts';

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

/**
 * The unit's whiteboard (issue 5): every active detainee (detained or in custody) with location,
 * time in custody, open deadlines soonest first, notifications still owed "immediately"
 * (КПК ст. 213) and the next cell check (Code C 9.3). Rows come from the summary projection;
 * each record is folded once and kept in the cache by stream version, and the clock computes only
 * the open obligations (`whiteboardClock`), not the record's history of met checks and meals.
 */
export async function whiteboardOf(
  database: Database,
  cache: RecordCache,
  settings: CustodySettings,
  unit: Unit,
  now: Date,
  showHealth: (row: RecordSummariesTable) => boolean,
): Promise<Omit<Whiteboard, 'commands'>> {
  const policy = await unitClockSettings({ database, settings }, unit.id);
  const rows = await projectionDb(database)
    .selectFrom('record_summaries')
    .selectAll()
    .where('unit_id', '=', unit.id)
    .where('status', 'in', ['detained', 'in_custody'])
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
  const out: WhiteboardRow[] = [];
  for (const { row, loaded } of loadedRows) {
    const clock = whiteboardClock(loaded.facts, policy, now.getTime());
    const open = clock.obligations.sort((a, b) =>
      (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff'),
    );
    // The board shows no explanation; the observation level only to a reader of health entries.
    const readsHealth = showHealth(row);
    const summary = toSummary(row, clock, readsHealth);
    out.push({
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
    });
  }
  return {
    unit: { id: unit.id, name: unit.name, code: unit.code, timeZone: unit.timeZone },
    now: now.toISOString(),
    rows: out,
    rooms,
  };
}
