import { limitsKey, storedClocks, unitReportLimits } from '../reports/stored-findings.ts';
import type { RecordSummariesTable } from '../projections/record-summaries.table.ts';
import { unitsClockSettings } from '../policy/unit-policy.ts';
import type { CommandContext } from './command-handler.ts';
import { summaryClockOf, type SummaryClock } from './record-view.ts';

const CLOSED: ReadonlySet<string> = new Set(['released', 'transferred']);

/**
 * Each listed row with its record's clock, in the order of `rows`, as {@link summaryClockOf} folds it at `now`. A
 * record whose custody ended is not folded when its clock is stored (`record_findings.clock`,
 * written with its findings by the append that closed it and by every later one, or by
 * rebuild-projections) at the version the list shows, under its unit's clock settings now, and
 * `now` is not before its end: nothing runs after custody ends, so the stored clock is the fold's.
 * Any other record is read from the log and folded (the active ones, which are few).
 */
export async function listClocks(
  ctx: CommandContext,
  rows: readonly RecordSummariesTable[],
  now: Date,
): Promise<{ row: RecordSummariesTable; clock: SummaryClock }[]> {
  const settings = await unitsClockSettings(
    ctx.deps,
    rows.map((r) => r.unit_id),
  );
  const keys = new Map<string, string>();
  const keyOf = (unitId: string): string => {
    let key = keys.get(unitId);
    if (key === undefined) {
      const clock = settings.get(unitId) ?? ctx.deps.settings.clock;
      key = limitsKey(unitReportLimits(ctx.deps.settings, clock));
      keys.set(unitId, key);
    }
    return key;
  };
  const stored = await storedClocks(
    ctx.deps.database,
    rows.filter((r) => CLOSED.has(r.status)).map((r) => r.record_id),
  );
  const out: { row: RecordSummariesTable; clock: SummaryClock }[] = [];
  for (const row of rows) {
    const s = stored.get(row.record_id);
    if (
      s !== undefined &&
      s.version === row.version &&
      s.limits === keyOf(row.unit_id) &&
      Date.parse(s.clock.at) <= now.getTime()
    ) {
      out.push({ row, clock: s.clock.clock });
      continue;
    }
    const loaded = await ctx.cache.get(row.record_id, row.version);
    const clock = settings.get(row.unit_id) ?? ctx.deps.settings.clock;
    out.push({ row, clock: summaryClockOf(loaded, clock, now) });
  }
  return out;
}
