import { DEFAULT_DECIDE_SETTINGS } from '../packages/domain/src/index.ts';
import { createRoom } from '../apps/server/src/accounts/index.ts';
import type { Database } from '../apps/server/src/db/database.ts';
import { ACTIVE_SCENARIOS } from '../apps/server/src/demo/active-records.ts';
import { CellPlanner } from '../apps/server/src/demo/cell-planner.ts';
import { closedRecord } from '../apps/server/src/demo/closed-records.ts';
import { seedStaff, type DemoUnit } from '../apps/server/src/demo/demo-staff.ts';
import { createRng, type Rng } from '../apps/server/src/demo/prng.ts';
import { RecordBuilder } from '../apps/server/src/demo/record-builder.ts';
import { markStale, rebuildProjections } from '../apps/server/src/projections/index.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { custodySettingsOf } from '../apps/server/src/ops/serve.ts';
import { storeFinalFindings } from '../apps/server/src/reports/stored-findings.ts';
import type { EventStore, NewEvent } from '../apps/server/src/store/index.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Entries of one closed demo record, on average (measured: 52.0 over 2,000 records). */
export const ENTRIES_PER_CLOSED = 52;
/** Closed records appended concurrently: group commit writes each window in a few transactions. */
const WINDOW = 400;
/** How many records of each kind the benchmark keeps to query (uniform over the year). */
const SAMPLE = 600;

export interface YearOptions {
  /** Log entries to aim at (10^5, 10^6, 10^7); the log ends within a record's length of it. */
  readonly entries: number;
  /** Units (default 600): the demo's three cities copied, numbered. */
  readonly units?: number;
  /** Active records of the busiest unit (default 60), at the whiteboard's present. */
  readonly busyActive?: number;
  /** Other units with one active record each (default 200). */
  readonly otherActive?: number;
  readonly seed?: number;
  /** The present: the year is the 365 days before it. */
  readonly now: number;
  readonly onProgress?: (line: string) => void;
}

export interface SampledRecord {
  readonly recordId: string;
  readonly unit: DemoUnit;
  readonly name: string;
  readonly custodyNumber: string;
}

export interface YearData {
  readonly units: readonly DemoUnit[];
  /** The unit with most records and the most active ones (the demo's Київ unit, `duty`). */
  readonly busy: DemoUnit;
  readonly records: number;
  readonly entries: number;
  /** Closed records of the busiest unit, and of every unit, drawn uniformly. */
  readonly busySample: readonly SampledRecord[];
  readonly sample: readonly SampledRecord[];
  readonly seconds: { staff: number; append: number; rebuild: number; findings: number };
}

/** This process's resident set and V8 heap, for the progress lines (memory must stay flat). */
export function memory(): string {
  const m = process.memoryUsage();
  const mib = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MiB`;
  return `rss ${mib(m.rss)}, heap ${mib(m.heapUsed)}`;
}

const toNew = (e: RecordBuilder['events'][number]): NewEvent => ({ ...e, actor: { ...e.actor } });

/** Each unit's share of the records: weight 1/(k+1)^0.7, normalised. */
function unitShares(n: number): number[] {
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** 0.7);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/**
 * Draws a unit index with weight 1/(k+1)^0.7: a few busy city units and a long tail of small
 * ones; with 600 units the busiest gets about 5 % of the records, the median one 0.1 %.
 */
function unitPicker(n: number): (rng: Rng) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const share of unitShares(n)) {
    total += share;
    cumulative.push(total);
  }
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? total) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function opening(b: RecordBuilder): { name: string; custodyNumber: string } {
  let name = '';
  let custodyNumber = '';
  for (const e of b.events) {
    const p = e.payload as { person?: { fullName?: string }; custodyNumber?: string };
    if (e.type === 'DetentionRecorded') name = p.person?.fullName ?? '';
    if (e.type === 'DetaineeRegistered') custodyNumber = p.custodyNumber ?? '';
  }
  return { name, custodyNumber };
}

/**
 * A national year in an empty, migrated database: `units` units with their staff (seedStaff),
 * closed custody records spread over the 365 days before `now` (the demo's mix: 55 % released
 * by the investigator, 22 % brought to court, 20 % administrative, 3 % at 72 h; cell checks,
 * meals, interrogations, corrections, late legal aid notifications), each decided command by
 * command through the domain (`decide`, via RecordBuilder), and active records at `now` (the
 * demo's fifteen stories in turn: juveniles, foreigners, overdue notifications, near 72 h ...).
 *
 * Written with the REAL event store (`EventStore.append`: leaf bytes, commitments, Merkle
 * nodes, signed checkpoints, receipts): closed records oldest first, one record per append call,
 * {@link WINDOW} calls at a time so that group commit batches them; then active records one
 * event per call in recording order, as the API appends them. Then the real
 * `rebuildProjections`. Records are built window by window, so memory stays flat at 10^7.
 */
/**
 * The unit with cells of two places added until it has `want`, with a planner over them (the
 * unit itself when it has them): the demo's six cells of two places cannot hold many people at
 * once under the placement rules (capacity; juveniles, women, administrative detainees apart).
 */
export async function withCells(database: Database, u: DemoUnit, want: number): Promise<DemoUnit> {
  const cells = [...u.cells];
  while (cells.length < want) {
    const cell = await createRoom(database, u.id, {
      name: `Кімната для затриманих № ${String(cells.length + 1)}`,
      kind: 'cell',
      capacity: 2,
      parentId: u.zoneId,
    });
    if (cell === 'no_parent') throw new Error(`no zone in unit ${u.id}`);
    cells.push({ id: cell.id, name: cell.name, capacity: cell.capacity });
  }
  return cells.length === u.cells.length ? u : { ...u, cells, planner: new CellPlanner(cells) };
}

export async function generateYear(
  deps: { database: Database; store: EventStore },
  o: YearOptions,
): Promise<YearData> {
  const log = o.onProgress ?? (() => undefined);
  const rng = createRng(o.seed ?? 20_260_101);
  const started = performance.now();
  const staff = await seedStaff(deps.database, rng, new Date(o.now), (o.units ?? 600) - 3);
  const busyActive = o.busyActive ?? 60;
  const otherActive = Math.min(o.otherActive ?? 200, staff.units.length - 1);
  const activeEntries = (busyActive + otherActive) * 37;
  const closed = Math.max(1, Math.round((o.entries - activeEntries) / ENTRIES_PER_CLOSED));
  // A unit holds about its records per day times their longest stay (72 h) people at once, and
  // under the placement rules (capacity; juveniles, women, administrative detainees apart) each
  // may need a cell of their own: the demo's six cells of two places hold a small unit's year
  // (10^6 entries) but not a city unit's at 10^7, so a unit gets cells of two places to that
  // bound. The busiest unit also holds `busyActive` people at once at the present.
  const shares = unitShares(staff.units.length);
  const units: DemoUnit[] = [];
  for (const [k, u] of staff.units.entries()) {
    const atOnce = Math.ceil(((closed * (shares[k] ?? 0)) / 361) * 3) + 2;
    const want = Math.max(atOnce, k === 0 ? u.cells.length + busyActive : 0);
    units.push(await withCells(deps.database, u, want));
  }
  const busy = units[0];
  if (busy === undefined) throw new Error('no unit');
  const staffSeconds = (performance.now() - started) / 1000;
  log(
    `  ${units.length} units with staff and ${units.reduce((n, u) => n + u.cells.length, 0)} ` +
      `cells in ${staffSeconds.toFixed(1)} s`,
  );

  const pick = unitPicker(units.length);
  const plan = Array.from({ length: closed }, () => ({
    t0: Math.floor((o.now - 4 * DAY - rng.int(0, 361 * DAY)) / MINUTE) * MINUTE,
    unit: pick(rng),
  })).sort((a, b) => a.t0 - b.t0);
  const counters = new Map<string, number>();
  const number = (u: DemoUnit, t0: number): string => {
    const n = (counters.get(u.id) ?? 0) + 1;
    counters.set(u.id, n);
    return `${u.city.code}-${u.id.slice(0, 4)}-${new Date(t0).getUTCFullYear()}-${String(n).padStart(6, '0')}`;
  };
  const sample: SampledRecord[] = [];
  const busySample: SampledRecord[] = [];
  const keep = (into: SampledRecord[], seen: number, r: SampledRecord): void => {
    if (into.length < SAMPLE) into.push(r);
    else {
      const j = rng.int(0, seen - 1);
      if (j < SAMPLE) into[j] = r;
    }
  };

  await markStale(deps.database);
  const appendStart = performance.now();
  let entries = 0;
  let busySeen = 0;
  let lastReport = appendStart;
  for (let at = 0; at < plan.length; at += WINDOW) {
    // Records are built in order of their start: stays ended before this window's first are
    // never met again.
    const from = plan[at]?.t0 ?? 0;
    for (const u of units) u.planner.forget(from);
    const window = plan.slice(at, at + WINDOW).map((p) => {
      const u = units[p.unit];
      if (u === undefined) throw new Error('no unit');
      const b = new RecordBuilder(rng, rng.uuid(), p.t0, o.now, DEFAULT_DECIDE_SETTINGS);
      closedRecord(b, rng, u, number(u, p.t0));
      // Its stay ends with its custody (as seed-demo does): the unit's cells are free again.
      const state = b.state;
      if (state?.status === 'released' || state?.status === 'transferred') {
        u.planner.close(b.recordId, Date.parse(state.endedAt));
      }
      return { b, u };
    });
    window.forEach(({ b, u }, k) => {
      const r = { recordId: b.recordId, unit: u, ...opening(b) };
      keep(sample, at + k + 1, r);
      if (u === busy) keep(busySample, ++busySeen, r);
    });
    await Promise.all(window.map(({ b }) => deps.store.append(b.recordId, 0, b.events.map(toNew))));
    entries += window.reduce((n, { b }) => n + b.events.length, 0);
    if (performance.now() - lastReport > 10_000 || at + WINDOW >= plan.length) {
      lastReport = performance.now();
      const s = (lastReport - appendStart) / 1000;
      log(
        `  closed ${Math.min(at + WINDOW, plan.length)}/${plan.length}: ${entries} entries, ` +
          `${(entries / s).toFixed(0)}/s; ${memory()}`,
      );
    }
  }

  const base = Math.floor(o.now / MINUTE) * MINUTE;
  const active = [
    ...Array.from({ length: busyActive }, () => busy),
    ...units.slice(1, 1 + otherActive),
  ].map((u, i) => {
    // A story that cannot happen in this unit now is replaced by the next one: the demo's
    // flagged placement needs a cell where a criminal detainee is held, which a unit with one
    // active record does not have (the planner refuses before anything is placed).
    for (let k = 0; k < ACTIVE_SCENARIOS.length; k++) {
      const s = ACTIVE_SCENARIOS[(i + k) % ACTIVE_SCENARIOS.length];
      if (s === undefined) throw new Error('no active scenarios');
      const shift = rng.int(0, Math.min(60, Math.floor(s.minutesAgo / 5)));
      const b = new RecordBuilder(
        rng,
        rng.uuid(),
        base - (s.minutesAgo - shift) * MINUTE,
        o.now,
        DEFAULT_DECIDE_SETTINGS,
      );
      const number = `${u.city.code}-${u.id.slice(0, 4)}-A-${String(i + 1).padStart(4, '0')}`;
      try {
        s.build(b, rng, u, number);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('demo: no cell where record')) {
          continue;
        }
        throw error;
      }
      b.finish();
      return b;
    }
    throw new Error(`no active story fits unit ${u.id}`);
  });
  const planned = active
    .flatMap((b) => b.events.map((event, i) => ({ stream: b.recordId, version: i + 1, event })))
    .sort((a, b) => a.event.recordedAt.localeCompare(b.event.recordedAt));
  await Promise.all(
    planned.map((p) => deps.store.append(p.stream, p.version - 1, [toNew(p.event)])),
  );
  entries += planned.length;
  const appendSeconds = (performance.now() - appendStart) / 1000;
  log(
    `  ${closed} closed and ${active.length} active records, ${entries} entries appended in ` +
      `${appendSeconds.toFixed(0)} s (${(entries / appendSeconds).toFixed(0)}/s)`,
  );

  const rebuildStart = performance.now();
  const records = await rebuildProjections(deps);
  const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
  if (records !== closed + active.length) throw new Error(`projected ${records} records`);
  log(`  projections rebuilt in ${rebuildSeconds.toFixed(1)} s`);
  // What `custody rebuild-projections` does next: the closed records' stored findings.
  const findingsStart = performance.now();
  const findings = await storeFinalFindings({
    ...deps,
    // The benchmark server's settings (bench/load-generator.ts: loadConfig of the environment).
    settings: custodySettingsOf(loadConfig({})),
    now: new Date(o.now).toISOString(),
  });
  const findingsSeconds = (performance.now() - findingsStart) / 1000;
  log(`  findings of ${findings} closed records stored in ${findingsSeconds.toFixed(1)} s`);
  return {
    units,
    busy,
    records,
    entries,
    busySample,
    sample,
    seconds: {
      staff: staffSeconds,
      append: appendSeconds,
      rebuild: rebuildSeconds,
      findings: findingsSeconds,
    },
  };
}
