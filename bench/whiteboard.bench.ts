import { DEFAULT_DECIDE_SETTINGS } from '../packages/domain/src/index.ts';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { ACTIVE_SCENARIOS } from '../apps/server/src/demo/active-records.ts';
import { CRIMINAL_GROUNDS, ukrainianName } from '../apps/server/src/demo/demo-names.ts';
import { DEMO_PASSWORD, seedStaff, type DemoUnit } from '../apps/server/src/demo/demo-staff.ts';
import { createRng, type Rng } from '../apps/server/src/demo/prng.ts';
import { RecordBuilder } from '../apps/server/src/demo/record-builder.ts';
import type { Running } from '../apps/server/src/ops/serve.ts';
import { rebuildProjections } from '../apps/server/src/projections/index.ts';
import type { EventStore, NewEvent } from '../apps/server/src/store/index.ts';
import {
  apartHammer,
  cpuPerRequest,
  DURATION,
  httpFigures,
  onServedApp,
  perDialect,
  profiledWith,
} from './load-generator.ts';
import { withCells } from './national-year.ts';
import { median, result, type BenchResult } from './result.ts';

const CLOSED = Number(process.env['BENCH_WHITEBOARD_CLOSED'] ?? 100_000);
const ACTIVE = Number(process.env['BENCH_WHITEBOARD_ACTIVE'] ?? 200);
const CONNECTIONS = Number(process.env['BENCH_WHITEBOARD_CONNECTIONS'] ?? 16);
/** Closed records appended concurrently: group commit writes each window in a few transactions. */
const WINDOW = 500;
const SEED = 20_250_601;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const toNew = (e: RecordBuilder['events'][number]): NewEvent => ({ ...e, actor: { ...e.actor } });

/**
 * One closed record through the domain (`decide`), with a short lifecycle of 8 entries:
 * detention, delivery, registration, responsible official, rights, legal aid centre
 * notification, release with its ground, record extract handed over. (The demo's closed records
 * carry ~50 entries each, cell checks included; 10^5 of those would be a 5·10^6-entry log.)
 */
function closedRecord(rng: Rng, u: DemoUnit, t0: number, now: number, n: number): RecordBuilder {
  const b = new RecordBuilder(rng, rng.uuid(), t0, now, DEFAULT_DECIDE_SETTINGS);
  const officer = rng.pick(u.officers);
  const g = rng.pick(CRIMINAL_GROUNDS);
  b.do('RecordDetention', 0, officer, {
    recordId: b.recordId,
    person: { kind: 'identified', fullName: ukrainianName(rng).fullName },
    place: { description: `${u.city.city}, ${rng.pick(u.city.streets)}, ${rng.int(1, 120)}` },
    detainingOfficers: u.officers.map((x) => ({ id: x.id, name: x.name })),
    profile: 'ua_criminal_208',
    legalBasis: 'КПК ст. 208 ч. 1 п. 1',
    grounds: g.grounds,
    juvenile: false,
    foreigner: false,
    language: 'uk',
    bodycamRefs: [],
  });
  const d = rng.int(15, 55);
  b.do('RecordDelivery', d, officer, {
    unitId: u.id,
    deliveredBy: [{ id: officer.id, name: officer.name }],
  });
  const number = `${u.city.code}-${new Date(t0).getUTCFullYear()}-${String(n).padStart(6, '0')}`;
  b.do('RegisterDetainee', d + 2, u.duty, { custodyNumber: number });
  b.do('AssignResponsibleOfficial', d + 3, u.duty, {
    officialId: u.inspector.id,
    officialName: u.inspector.name,
  });
  b.do('RecordRightsExplained', d + 6, u.inspector, {
    language: 'uk',
    writtenNoticeHandedOver: true,
    signature: { signed: true },
  });
  b.do('RecordNotification', d + rng.int(8, 14), u.inspector, {
    kind: 'legal_aid_centre',
    recipient: u.city.legalAid,
    method: 'electronic_system',
    referenceNumber: `БПД-${rng.int(10_000, 99_999)}`,
    madeBy: { id: u.inspector.id, name: u.inspector.name },
    delegatedToOfficer: false,
  });
  const end = d + rng.int(3 * 60, 30 * 60);
  b.do('ReleaseDetainee', end, u.inspector, {
    ground: rng.pick(['suspicion_not_confirmed', 'investigator_decision'] as const),
    legalBasis: 'КПК ст. 211 ч. 3',
    propertyReturned: 'none_held',
    recordCopyHandedOver: true,
    signature: { signed: true },
  });
  b.do('HandOverDocument', end + 1, u.inspector, {
    documentKind: 'record_extract',
    to: { name: 'Затриманий' },
    signature: { signed: true },
  });
  if (b.state?.status !== 'released') throw new Error(`closed record ${b.recordId} not released`);
  return b;
}

/** The demo's fifteen active stories in turn, in one unit, T0 moved later by up to an hour. */
function activeRecords(rng: Rng, u: DemoUnit, now: number): RecordBuilder[] {
  const base = Math.floor(now / MINUTE) * MINUTE;
  return Array.from({ length: ACTIVE }, (_, i) => {
    const s = ACTIVE_SCENARIOS[i % ACTIVE_SCENARIOS.length];
    if (s === undefined) throw new Error('no active scenarios');
    const shift = rng.int(0, Math.min(60, Math.floor(s.minutesAgo / 5)));
    const t0 = base - (s.minutesAgo - shift) * MINUTE;
    const b = new RecordBuilder(rng, rng.uuid(), t0, now, DEFAULT_DECIDE_SETTINGS);
    s.build(b, rng, u, `${u.city.code}-A-${String(i + 1).padStart(4, '0')}`);
    b.finish();
    return b;
  });
}

interface Loaded {
  unitId: string;
  closedEvents: number;
  activeEvents: number;
  seconds: number;
}

/**
 * Fills the unit through the REAL event store (`append`: leaf bytes, Merkle nodes, signed
 * checkpoints, receipts) with events decided by the domain, then rebuilds the projections with
 * the real rebuild. Closed records, oldest first, are appended one record per call, {@link WINDOW}
 * at a time so that group commit batches them; active records one event per call in recording
 * order, as the API appends them (their streams interleave in the log).
 */
async function load(running: Running, now: number): Promise<Loaded> {
  const started = performance.now();
  const rng = createRng(SEED);
  const staff = await seedStaff(running.database, rng, new Date(now));
  const first = staff.units[0];
  if (first === undefined) throw new Error('no unit');
  // A cell of two places per active record besides the demo's six (placement rules).
  const unit = await withCells(running.database, first, first.cells.length + ACTIVE);
  const store: EventStore = running.store;
  const starts = Array.from({ length: CLOSED }, () => now - 4 * DAY - rng.int(0, 730) * DAY)
    .map((t) => Math.floor((t + rng.int(0, DAY - 1)) / MINUTE) * MINUTE)
    .sort((a, b) => a - b);
  let closedEvents = 0;
  for (let at = 0; at < starts.length; at += WINDOW) {
    const window = starts
      .slice(at, at + WINDOW)
      .map((t0, k) => closedRecord(rng, unit, t0, now, at + k + 1));
    await Promise.all(window.map((b) => store.append(b.recordId, 0, b.events.map(toNew))));
    closedEvents += window.reduce((n, b) => n + b.events.length, 0);
    if ((at / WINDOW) % 40 === 0) {
      console.error(`  closed ${at + window.length}/${CLOSED} (${closedEvents} events)`);
    }
  }
  const planned = activeRecords(rng, unit, now)
    .flatMap((b) => b.events.map((event, i) => ({ stream: b.recordId, version: i + 1, event })))
    .sort((a, b) => a.event.recordedAt.localeCompare(b.event.recordedAt));
  await Promise.all(planned.map((p) => store.append(p.stream, p.version - 1, [toNew(p.event)])));
  const appended = performance.now();
  const records = await rebuildProjections({ database: running.database, store });
  console.error(
    `  appended in ${((appended - started) / 1000).toFixed(0)} s, ` +
      `projections rebuilt in ${((performance.now() - appended) / 1000).toFixed(0)} s`,
  );
  if (records !== CLOSED + ACTIVE) throw new Error(`projected ${records} records`);
  return {
    unitId: unit.id,
    closedEvents,
    activeEvents: planned.length,
    seconds: (performance.now() - started) / 1000,
  };
}

async function signIn(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in as ${username}: ${r.status}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** The first request of a whiteboard (folds the active records into the server's cache). */
async function firstBoard(url: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const first = await fetch(url, { headers: { cookie } });
  const text = await first.text();
  const body = JSON.parse(text) as { rows?: unknown[] };
  if (first.status !== 200 || body.rows?.length !== ACTIVE) {
    throw new Error(`whiteboard: ${first.status}, ${body.rows?.length ?? 'no'} rows`);
  }
  return { ms: performance.now() - started, bytes: Buffer.byteLength(text) };
}

/** `BENCH_WHITEBOARD_CPU_ROUNDS`: pairs of short /healthz and whiteboard windows for the CPU figures. */
const CPU_ROUNDS = Number(process.env['BENCH_WHITEBOARD_CPU_ROUNDS'] ?? 3);
const CPU_WINDOW_SECONDS = 2;

type Load = Parameters<typeof apartHammer>[0];

/**
 * 16 clients on the whiteboard after 16 on GET /healthz of the same server, as figures. The load
 * generator runs in a process of its own (`apartHammer`), so this process's CPU over a run is the
 * server's: with `cpu`, also the server's CPU per board against its CPU per /healthz request in
 * short windows taken in turn (medians), which a loaded machine moves far less than the rates.
 */
async function boardRun(
  running: Running,
  unitId: string,
  label: string,
  profile: string,
  options: { headers?: Record<string, string>; cpu?: boolean } = {},
): Promise<{ figures: BenchResult[]; rate: number }> {
  const cookie = await signIn(running.url, 'duty');
  const url = `${running.url}/api/v1/units/${unitId}/whiteboard`;
  const first = await firstBoard(url, cookie);
  console.error(
    `${label}: first whiteboard request ${first.ms.toFixed(0)} ms, ` +
      `${(first.bytes / 1024).toFixed(0)} KB`,
  );
  const healthz: Load = {
    url: `${running.url}/healthz`,
    connections: CONNECTIONS,
    duration: DURATION,
  };
  const boardLoad: Load = {
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { cookie, ...options.headers },
  };
  const base = await apartHammer(healthz);
  const board = await profiledWith(profile, () => apartHammer(boardLoad));
  if (board.run.non2xx > 0 || board.run.errors > 0) {
    throw new Error(
      `${label}: ${board.run.non2xx} non-2xx and ${board.run.errors} failed requests`,
    );
  }
  const cores = board.serverMicros / 1e6 / board.seconds;
  console.error(
    `${label}: ${board.run.requests.total} boards, server ${cpuPerRequest(board).toFixed(0)} µs ` +
      `CPU each (/healthz ${cpuPerRequest(base).toFixed(0)} µs), ${cores.toFixed(2)} server cores, ` +
      `event loop ${board.eventLoopBusy.toFixed(2)} busy`,
  );
  const out = httpFigures(label, board.run, base.run);
  if (options.cpu === true) {
    const b: number[] = [];
    const h: number[] = [];
    for (let i = 0; i < CPU_ROUNDS; i++) {
      h.push(cpuPerRequest(await apartHammer({ ...healthz, duration: CPU_WINDOW_SECONDS })));
      b.push(cpuPerRequest(await apartHammer({ ...boardLoad, duration: CPU_WINDOW_SECONDS })));
    }
    console.error(
      `${label}: in turns ${b.map((x) => x.toFixed(0)).join(' ')} µs per board, ` +
        `${h.map((x) => x.toFixed(0)).join(' ')} µs per /healthz`,
    );
    out.push(
      result(`${label}: server CPU per board vs per /healthz`, median(b), 'µs', median(h)),
      result(
        `${label}: boards per server core-second`,
        1e6 / median(b),
        'req/core-s',
        1e6 / median(h),
      ),
    );
  }
  return { figures: out, rate: board.run.requests.average };
}

/**
 * The whiteboard route with 10^5 closed and 200 active records vs GET /healthz of the same
 * server: as served (a board computed once per unit and view and kept while nothing in the unit
 * changes, at most CUSTODY_WHITEBOARD_MAX_AGE_MS = 1 s of the clock), then the same database
 * served anew with CUSTODY_WHITEBOARD_MAX_AGE_MS=0 (the board computed for every request, as
 * before the cache). Uncompressed (autocannon asks for no encoding, as the earlier runs), and as
 * a browser asks for it (gzip). The server's clock is the real one from the load's `now` on, so boards
 * age and are computed again during the run as they would be in a unit.
 */
function figures(dialect: DialectName): Promise<BenchResult[]> {
  const now = Date.now();
  return onServedApp(dialect, async (running, _url, again) => {
    const loaded = await load(running, now);
    console.error(
      `${dialect}: loaded ${CLOSED} closed (${loaded.closedEvents} events) and ${ACTIVE} active ` +
        `(${loaded.activeEvents} events) records in ${loaded.seconds.toFixed(0)} s`,
    );
    const d = `${dialect}, ${CONNECTIONS} clients`;
    const kept = await boardRun(
      running,
      loaded.unitId,
      `whiteboard (${d})`,
      `whiteboard-${dialect}`,
      { cpu: true },
    );
    // As a browser asks for it: gzip, compressed once per board and view.
    const gzip = await boardRun(
      running,
      loaded.unitId,
      `whiteboard, gzip (${d})`,
      `whiteboard-gzip-${dialect}`,
      { headers: { 'accept-encoding': 'gzip' }, cpu: true },
    );
    const perRequest = await boardRun(
      await again({ whiteboardMaxAgeMs: 0 }),
      loaded.unitId,
      `whiteboard computed per request (${d})`,
      `whiteboard-per-request-${dialect}`,
    );
    return [
      ...kept.figures,
      ...gzip.figures,
      ...perRequest.figures,
      result(
        `whiteboard (${d}): computed once and served vs computed per request`,
        kept.rate,
        'req/s',
        perRequest.rate,
      ),
    ];
  });
}

export function run(): Promise<BenchResult[]> {
  return perDialect(figures);
}
