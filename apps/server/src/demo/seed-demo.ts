import { DEFAULT_DECIDE_SETTINGS, type CustodyEvent, type DecideSettings } from '@custody/domain';
import type { Database } from '../db/database.ts';
import { markStale, rebuildProjections } from '../projections/index.ts';
import type { AppendResult, CheckpointInfo, EventStore, NewEvent } from '../store/index.ts';
import { ACTIVE_SCENARIOS } from './active-records.ts';
import { closedRecord } from './closed-records.ts';
import { seedStaff, type DemoStaff, type DemoUnit } from './demo-staff.ts';
import { createRng, type Rng } from './prng.ts';
import { RecordBuilder } from './record-builder.ts';

/** The seed of the demo's generator: the same demo on every machine. */
export const DEMO_SEED = 20_170_101;

export interface SeedOptions {
  /** The present of the demo: active records are placed relative to it, near their deadlines. */
  readonly now: Date;
  readonly seed?: number;
  /** Closed records in the history (default 200). */
  readonly closed?: number;
  readonly settings?: DecideSettings;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  readonly staff: DemoStaff;
  readonly records: number;
  readonly active: number;
  readonly events: number;
  /** The record id of each active scenario, by its key (`juvenile`, `over-detention`, ...). */
  readonly activeRecords: Readonly<Record<string, string>>;
  readonly checkpoint: CheckpointInfo | null;
}

interface Planned {
  readonly stream: string;
  readonly version: number;
  readonly event: CustodyEvent;
}

const MINUTE = 60_000;
const DAY_MIN = 24 * 60;

function unitFor(rng: Rng, units: readonly DemoUnit[]): DemoUnit {
  const x = rng.next();
  const u = units[x < 0.5 ? 0 : x < 0.78 ? 1 : 2];
  if (u === undefined) throw new Error('no demo units');
  return u;
}

function buildRecords(
  rng: Rng,
  staff: DemoStaff,
  nowMs: number,
  o: SeedOptions,
): { builders: RecordBuilder[]; active: Record<string, string> } {
  const settings = o.settings ?? DEFAULT_DECIDE_SETTINGS;
  const counters = new Map<string, number>();
  const number = (u: DemoUnit, t0: number) => {
    const n = (counters.get(u.id) ?? 0) + 1;
    counters.set(u.id, n);
    return `${u.city.code}-${new Date(t0).getUTCFullYear()}-${String(n).padStart(4, '0')}`;
  };
  const base = Math.floor(nowMs / MINUTE) * MINUTE;
  const starts = Array.from(
    { length: o.closed ?? 200 },
    () => base - rng.int(4 * DAY_MIN, 60 * DAY_MIN) * MINUTE,
  ).sort((a, b) => a - b);
  const builders: RecordBuilder[] = [];
  for (const t0 of starts) {
    const u = unitFor(rng, staff.units);
    const b = new RecordBuilder(rng, rng.uuid(), t0, nowMs, settings);
    closedRecord(b, rng, u, number(u, t0));
    const state = b.state;
    if (state?.status === 'released' || state?.status === 'transferred') {
      u.planner.close(b.recordId, Date.parse(state.endedAt));
    }
    builders.push(b);
  }
  const active: Record<string, string> = {};
  for (const s of ACTIVE_SCENARIOS) {
    const u = staff.units[s.unit];
    if (u === undefined) throw new Error('no demo unit');
    const t0 = base - s.minutesAgo * MINUTE;
    const b = new RecordBuilder(rng, rng.uuid(), t0, nowMs, settings);
    s.build(b, rng, u, number(u, t0));
    b.finish();
    builders.push(b);
    active[s.key] = b.recordId;
  }
  return { builders, active };
}

function plan(builders: readonly RecordBuilder[]): Planned[] {
  const all = builders.flatMap((b) =>
    b.events.map((event, i) => ({ stream: b.recordId, version: i + 1, event })),
  );
  return all.sort((a, b) => a.event.recordedAt.localeCompare(b.event.recordedAt));
}

function toNew(e: CustodyEvent): NewEvent {
  return { ...e, actor: { ...e.actor }, payload: e.payload };
}

/**
 * Appends every planned event with the real event store, one request per event in recording
 * order, all submitted at once so that group commit puts them in one transaction (one signed
 * checkpoint). Each request states its stream version, as the API does.
 */
async function appendAll(
  store: EventStore,
  planned: readonly Planned[],
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  let done = 0;
  const step = Math.max(1, Math.floor(planned.length / 50));
  const pending: Promise<AppendResult>[] = planned.map(async (p) => {
    const r = await store.append(p.stream, p.version - 1, [toNew(p.event)]);
    done += 1;
    if (onProgress && (done % step === 0 || done === planned.length))
      onProgress(done, planned.length);
    return r;
  });
  await Promise.all(pending);
}

/**
 * Seeds the demo (issue 8) into an empty, migrated database: three units with staff in every
 * role, about 200 closed and 15 active custody records generated deterministically THROUGH THE
 * DOMAIN (`decide`), appended with the real event store, then the projections rebuilt. The log
 * it leaves passes `verifyLog`.
 */
export async function seedDemo(
  deps: { database: Database; store: EventStore },
  options: SeedOptions,
): Promise<SeedResult> {
  const rng = createRng(options.seed ?? DEMO_SEED);
  const staff = await seedStaff(deps.database, rng, options.now);
  const { builders, active } = buildRecords(rng, staff, options.now.getTime(), options);
  const planned = plan(builders);
  // The seed appends without summaries and rebuilds them at the end: marked stale until then,
  // so that a crash in between is repaired at the next start.
  await markStale(deps.database);
  await appendAll(deps.store, planned, options.onProgress);
  const records = await rebuildProjections(deps);
  return {
    staff,
    records,
    active: ACTIVE_SCENARIOS.length,
    events: planned.length,
    activeRecords: active,
    checkpoint: await deps.store.latestCheckpoint(),
  };
}
