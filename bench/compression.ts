import { request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  gunzipSync,
  gzipSync,
} from 'node:zlib';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../apps/server/src/demo/demo-staff.ts';
import {
  BROTLI_QUALITY,
  COMPRESS_THRESHOLD,
  SYNC_THRESHOLD,
} from '../apps/server/src/http/compression.ts';
import type { Running } from '../apps/server/src/ops/serve.ts';
import { apartHammer, cpuPerRequest, onServedApp } from './load-generator.ts';
import { median } from './result.ts';

/**
 * `flock /work/coord/heavy.lock node --import tsx bench/compression.ts [rounds] [seconds]`:
 * compressed API answers (@fastify/compress, apps/server/src/http/compression.ts) on the demo
 * `npm start` seeds, served as `npm start` serves it (SQLite). For the busiest record page of
 * the demo (the record with most entries, read by its unit's duty inspector, as a tablet does):
 *
 * 1. its bytes as sent plain, gzip and brotli (each decoded and compared with the plain JSON);
 * 2. what each codec and level costs on that body in this process (CPU per call, per KiB saved),
 *    the figures behind the settings;
 * 3. the server's CPU per request of that GET with and without `Accept-Encoding`, in rounds that
 *    alternate on the same server (autocannon in a process of its own, so this process's CPU is
 *    the server's), with ratios of each pair;
 * 4. the sizes of the append path's answers (a record opened, an entry, a batch of four), which
 *    go as they are whatever their size (only GET answers are compressed), and what brotli would
 *    make of them.
 */

const ROUNDS = Number(process.argv[2] ?? 10);
const SECONDS = Number(process.argv[3] ?? 2);
const CONNECTIONS = 4;
const BROWSER = 'gzip, deflate, br';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request over real HTTP, the body as it came over the wire (nothing decoded). */
function raw(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function decoded(r: Raw): string {
  const coding = r.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(r.body).toString('utf8');
  if (coding === 'gzip') return gunzipSync(r.body).toString('utf8');
  if (coding === undefined) return r.body.toString('utf8');
  throw new Error(`unexpected content-encoding ${String(coding)}`);
}

async function signIn(url: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`sign-in as ${username}: ${r.status} ${await r.text()}`);
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: csrfToken };
}

interface Busiest {
  recordId: string;
  unitId: string;
  entries: number;
  username: string;
}

/** The record of the demo with most entries, and the duty inspector of its unit. */
async function busiest(running: Running): Promise<Busiest> {
  const db = running.database.db;
  const top = await sql<{ record_id: string; unit_id: string; version: number }>`
    SELECT record_id, unit_id, version FROM record_summaries ORDER BY version DESC LIMIT 1`.execute(
    db,
  );
  const record = top.rows[0];
  if (record === undefined) throw new Error('the demo has no records');
  const username = await staff(running, 'duty_inspector', record.unit_id);
  return {
    recordId: record.record_id,
    unitId: record.unit_id,
    entries: record.version,
    username,
  };
}

/** Brotli as the server's compression sets it, at `quality`. */
const brotli = (body: Buffer, quality: number): Buffer =>
  brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });

/** CPU µs of `f` per call in this process, over at least 300 ms of calls. */
function cpuPerCall(f: () => Buffer): { micros: number; bytes: number } {
  let bytes = f().length;
  let calls = 0;
  const before = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < 300 || calls < 20) {
    bytes = f().length;
    calls += 1;
  }
  const used = process.cpuUsage(before);
  return { micros: (used.user + used.system) / calls, bytes };
}

/** Each codec and level on the page's JSON: size, CPU per call, CPU per KiB saved. */
function codecs(body: Buffer): void {
  const q = (quality: number) => () => brotli(body, quality);
  const g = (level: number) => () => gzipSync(body, { level });
  const mark = (quality: number) => (quality === BROTLI_QUALITY ? ' (the server’s)' : '');
  const rows: [string, () => Buffer][] = [
    ['gzip 1', g(1)],
    ['gzip 4', g(4)],
    ['gzip 6 (zlib default)', g(6)],
    ['gzip 9', g(9)],
    [`brotli 0${mark(0)}`, q(0)],
    [`brotli 1${mark(1)}`, q(1)],
    [`brotli 2${mark(2)}`, q(2)],
    [`brotli 3${mark(3)}`, q(3)],
    [`brotli 4 (@fastify/compress default)${mark(4)}`, q(4)],
    [`brotli 5${mark(5)}`, q(5)],
    [`brotli 6${mark(6)}`, q(6)],
    [`brotli 11 (zlib default)${mark(11)}`, q(11)],
  ];
  console.log(`\n| codec | bytes | of plain | CPU µs per call | CPU µs per KiB saved |`);
  console.log('|---|---|---|---|---|');
  for (const [name, f] of rows) {
    const { micros, bytes } = cpuPerCall(f);
    const savedKiB = (body.length - bytes) / 1024;
    console.log(
      `| ${name} | ${bytes.toLocaleString('en')} | ${(bytes / body.length).toFixed(3)} | ${micros.toFixed(0)} | ${(micros / savedKiB).toFixed(2)} |`,
    );
  }
}

interface Round {
  compressed: boolean;
  requests: number;
  cpuMicros: number;
  /** The server's event loop busy time per request, µs (compression runs off it, on libuv's pool). */
  loopMicros: number;
  bytesPerResponse: number;
  p50: number;
}

async function round(
  url: string,
  path: string,
  cookie: string,
  compressed: boolean,
): Promise<Round> {
  const r = await apartHammer({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie, ...(compressed ? { 'accept-encoding': BROWSER } : {}) },
  });
  const non2xx = r.run.non2xx + r.run.errors;
  if (non2xx > 0) throw new Error(`${non2xx} requests failed`);
  return {
    compressed,
    requests: r.run.requests.total,
    cpuMicros: cpuPerRequest(r),
    loopMicros: (r.eventLoopBusy * r.seconds * 1e6) / Math.max(1, r.run.requests.total),
    bytesPerResponse: r.run.throughput.total / Math.max(1, r.run.requests.total),
    p50: r.run.latency.p50,
  };
}

/** The user name of a staff member of the role in the unit (every demo account shares a password). */
async function staff(running: Running, role: string, unitId: string): Promise<string> {
  const found = await sql<{ username: string }>`
    SELECT username FROM users WHERE role = ${role} AND unit_id = ${unitId}
    ORDER BY username LIMIT 1`.execute(running.database.db);
  const username = found.rows[0]?.username;
  if (username === undefined) throw new Error(`no ${role} in unit ${unitId}`);
  return username;
}

/**
 * The append path's answers with a browser's Accept-Encoding, on a record opened now in the
 * busiest record's unit: the opening, one entry, a batch of four entries.
 */
async function appends(running: Running, url: string, b: Busiest): Promise<void> {
  const officer = await signIn(url, await staff(running, 'detaining_officer', b.unitId));
  const duty = await signIn(url, b.username);
  const post = (as: { cookie: string; csrf: string }, path: string, body: unknown) =>
    raw(url, path, {
      method: 'POST',
      headers: {
        cookie: as.cookie,
        'x-csrf-token': as.csrf,
        'content-type': 'application/json',
        'accept-encoding': BROWSER,
      },
      body: JSON.stringify(body),
    });
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const show = (label: string, r: Raw) => {
    const body = r.body;
    const { micros, bytes } = cpuPerCall(() => brotli(body, BROTLI_QUALITY));
    console.log(
      `| ${label} | ${r.status} | ${body.length.toLocaleString('en')} | ${String(r.headers['content-encoding'] ?? 'none')} | ${bytes.toLocaleString('en')} for ${micros.toFixed(0)} µs |`,
    );
  };
  console.log(
    `\n| append answer (Accept-Encoding: ${BROWSER}) | status | bytes | content-encoding | brotli ${BROTLI_QUALITY} would make |`,
  );
  console.log('|---|---|---|---|---|');
  const opened = await post(officer, '/api/v1/records', {
    occurredAt: at(10),
    payload: {
      person: { kind: 'identified', fullName: 'Шевчук Андрій Олегович', dateOfBirth: '1990-04-02' },
      place: { description: 'м. Київ, вул. Хрещатик, 22' },
      detainingOfficers: [{ name: 'Коваленко Петро' }],
      profile: 'ua_criminal_208',
      legalBasis: 'КПК ст. 208 ч. 1 п. 1',
      grounds: 'Застигнутий під час вчинення крадіжки.',
      juvenile: false,
      foreigner: false,
      language: 'uk',
      bodycamRefs: [],
    },
  });
  show('POST /api/v1/records (a record opened)', opened);
  const { recordId } = JSON.parse(decoded(opened)) as { recordId: string };
  const delivered = await post(officer, `/api/v1/records/${recordId}/commands/RecordDelivery`, {
    occurredAt: at(8),
    expectedVersion: 1,
    payload: { unitId: b.unitId },
  });
  show('POST /api/v1/records/:id/commands/RecordDelivery (one entry)', delivered);
  const batch = await post(duty, `/api/v1/records/${recordId}/batch`, {
    expectedVersion: 2,
    commands: [
      { type: 'RegisterDetainee', occurredAt: at(6), payload: { custodyNumber: 'КР-Б/1' } },
      {
        type: 'RecordCellCheck',
        occurredAt: at(4),
        payload: { condition: 'Спить', roused: false, concern: false },
      },
      { type: 'OfferMeal', occurredAt: at(3), payload: { kind: 'main', accepted: true } },
      {
        type: 'RecordCellCheck',
        occurredAt: at(2),
        payload: { condition: 'Спить', roused: false, concern: false },
      },
    ],
  });
  show('POST /api/v1/records/:id/batch (four entries)', batch);
  for (const r of [opened, delivered, batch]) {
    if (r.status !== 201) throw new Error(`append: ${r.status} ${decoded(r)}`);
  }
}

const load = () => `load ${loadavg()[0]?.toFixed(2) ?? '?'}`;

await onServedApp(
  'sqlite',
  async (running) => {
    const url = running.url.replace('localhost', '127.0.0.1');
    const b = await busiest(running);
    const { cookie } = await signIn(url, b.username);
    const path = `/api/v1/records/${b.recordId}`;
    const plain = await raw(url, path, { headers: { cookie } });
    if (plain.status !== 200)
      throw new Error(`record page: ${plain.status} ${plain.body.toString()}`);
    console.log(
      `busiest record page of the demo (${running.seeded?.records ?? '?'} records, ${running.seeded?.events ?? '?'} log entries): ${b.entries} entries, read by ${b.username}; threshold ${COMPRESS_THRESHOLD} B, one call up to ${SYNC_THRESHOLD} B, brotli quality ${BROTLI_QUALITY} (${load()})`,
    );
    console.log('\n| Accept-Encoding | status | content-encoding | body bytes | of plain |');
    console.log('|---|---|---|---|---|');
    for (const accept of [undefined, 'gzip', BROWSER]) {
      const r = await raw(url, path, {
        headers: { cookie, ...(accept ? { 'accept-encoding': accept } : {}) },
      });
      // The deadlines are computed at each request's now: the entries are what is compared.
      const same =
        JSON.stringify((JSON.parse(decoded(r)) as { timeline: unknown }).timeline) ===
        JSON.stringify((JSON.parse(plain.body.toString('utf8')) as { timeline: unknown }).timeline);
      console.log(
        `| ${accept ?? '(none)'} | ${r.status} | ${String(r.headers['content-encoding'] ?? 'none')} | ${r.body.length.toLocaleString('en')} | ${(r.body.length / plain.body.length).toFixed(3)}${same ? '' : ' (DIFFERS)'} |`,
      );
    }
    codecs(plain.body);
    await appends(running, url, b);
    if (ROUNDS === 0) return;
    console.log(
      `\nserver CPU per request of GET /api/v1/records/:id, ${CONNECTIONS} connections, ${SECONDS} s windows`,
    );
    console.log(
      '| round | Accept-Encoding | requests | CPU µs/request | event loop µs/request | bytes/response | p50 ms |',
    );
    console.log('|---|---|---|---|---|---|---|');
    // Warm-up, not counted: the first seconds of either kind run code not yet optimised.
    await round(url, path, cookie, false);
    await round(url, path, cookie, true);
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which goes first, so neither always meets the log as the other left it.
      const order = i % 2 === 0 ? [false, true] : [true, false];
      for (const compressed of order) {
        const r = await round(url, path, cookie, compressed);
        rounds.push(r);
        console.log(
          `| ${i + 1} | ${compressed ? BROWSER : '(none)'} | ${r.requests} | ${r.cpuMicros.toFixed(0)} | ${r.loopMicros.toFixed(0)} | ${r.bytesPerResponse.toFixed(0)} | ${r.p50} |`,
        );
      }
    }
    const pick = (c: boolean) => rounds.filter((r) => r.compressed === c);
    const cpu = (c: boolean) => median(pick(c).map((r) => r.cpuMicros));
    const loop = (c: boolean) => median(pick(c).map((r) => r.loopMicros));
    const bytes = (c: boolean) => median(pick(c).map((r) => r.bytesPerResponse));
    const pairs = Array.from({ length: ROUNDS }, (_, i) => {
      const [a, z] = rounds.slice(2 * i, 2 * i + 2);
      const on = a?.compressed === true ? a : z;
      const off = a?.compressed === true ? z : a;
      return (on?.cpuMicros ?? NaN) / (off?.cpuMicros ?? NaN);
    });
    console.log(
      `\nCPU per request, median: plain ${cpu(false).toFixed(0)} µs, compressed ${cpu(true).toFixed(0)} µs: ` +
        `ratio ${(cpu(true) / cpu(false)).toFixed(3)}, median of the pairs ${median(pairs).toFixed(3)} (pairs ${pairs.map((p) => p.toFixed(3)).join(' ')}), ` +
        `+${(cpu(true) - cpu(false)).toFixed(0)} µs per request`,
    );
    console.log(
      `event loop per request, median: plain ${loop(false).toFixed(0)} µs, compressed ${loop(true).toFixed(0)} µs: ratio ${(loop(true) / loop(false)).toFixed(3)}`,
    );
    console.log(
      `bytes per response (headers included), median: plain ${bytes(false).toFixed(0)}, compressed ${bytes(true).toFixed(0)}: ratio ${(bytes(true) / bytes(false)).toFixed(3)} (${load()})`,
    );
  },
  { config: { demo: true } },
);
