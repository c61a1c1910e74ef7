import { evolve, type CustodyRecordState } from '@custody/domain';
import { accountsDb } from '../accounts/database.ts';
import type { Database } from '../db/database.ts';
import { toCustodyEvent } from '../records/record-cache.ts';
import type { EventStore } from '../store/index.ts';
import { replaceSummaries, summaryRow } from './record-summary.projection.ts';

interface Folding {
  state: CustodyRecordState | undefined;
  version: number;
  lastLogIndex: number;
  openerId: string;
}

const PAGE = 1000;

async function openerUnits(database: Database, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string | null>();
  const rows = await accountsDb(database)
    .selectFrom('users')
    .select(['id', 'unit_id'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.unit_id]));
}

/**
 * Recomputes the read models from the log (architecture: projections are rebuildable) and
 * replaces them in one transaction. A custody record is a stream that opens with
 * DetentionRecorded; its unit is where it was delivered, else the unit of the officer who opened
 * it. Returns the records projected.
 */
export async function rebuildProjections(deps: {
  database: Database;
  store: EventStore;
}): Promise<number> {
  const records = new Map<string, Folding>();
  for (let at = 0; ;) {
    const page = await deps.store.readLog(at, PAGE);
    for (const e of page) {
      const folding = records.get(e.streamId);
      if (folding === undefined && !(e.type === 'DetentionRecorded' && e.streamVersion === 1)) {
        continue;
      }
      const f = folding ?? { state: undefined, version: 0, lastLogIndex: -1, openerId: e.actor.id };
      const event = toCustodyEvent(e);
      if (event !== null) f.state = evolve(f.state, event);
      f.version = e.streamVersion;
      f.lastLogIndex = e.logIndex;
      records.set(e.streamId, f);
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < PAGE) break;
    at = last.logIndex + 1;
  }
  const units = await openerUnits(
    deps.database,
    [...records.values()].map((f) => f.openerId),
  );
  const rows = [];
  for (const f of records.values()) {
    if (f.state === undefined) continue;
    rows.push(summaryRow(f.state, units.get(f.openerId) ?? '', f.version, f.lastLogIndex));
  }
  await replaceSummaries(deps.database, rows);
  return rows.length;
}
