import { base32Decode, totp } from '../apps/server/src/accounts/totp.ts';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../apps/server/src/demo/demo-staff.ts';
import type { ComplianceCounts, ComplianceFindingsPage } from '../packages/contracts/src/index.ts';
import { onServedApp } from './load-generator.ts';
import { generateYear } from './national-year.ts';

/**
 * The year's compliance report split as issue 18 point 7 needs it at 10^7 entries: the figures
 * (`GET /api/v1/reports/compliance/counts`, target ≤ 2 s) and, per unit and figure, pages of the
 * findings behind them (`GET /api/v1/reports/compliance/findings`, target ≤ 200 ms a page).
 * `measureYearReport` is for `year.bench.ts` (on the served year, as HQ); run alone
 * (`BENCH_YEAR_ENTRIES=100000 BENCH_DIALECTS=sqlite node --import tsx bench/year-report.ts`) it
 * generates a year per dialect and prints the figures beside the whole report of the same data.
 */

const DAY = 24 * 3600 * 1000;

/** The counts of every unit the caller may read over [from, to). */
export const countsUrl = (api: string, from: string, to: string): string =>
  `${api}/reports/compliance/counts?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

/** One page of a unit's figure; `cursor` the previous page's `nextCursor`. */
export function findingsUrl(
  api: string,
  q: { unitId: string; figure: string; from: string; to: string; limit?: number; cursor?: string },
): string {
  const params = new URLSearchParams({
    unitId: q.unitId,
    figure: q.figure,
    from: q.from,
    to: q.to,
    limit: String(q.limit ?? 50),
    ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
  });
  return `${api}/reports/compliance/findings?${params.toString()}`;
}

async function timedJson<T>(url: string, cookie: string): Promise<[T, number, number]> {
  const t = performance.now();
  const r = await fetch(url, { headers: { cookie } });
  const text = await r.text();
  const ms = performance.now() - t;
  if (!r.ok) throw new Error(`${url}: ${r.status} ${text.slice(0, 300)}`);
  return [JSON.parse(text) as T, ms, text.length];
}

export interface YearReportFigures {
  /** Each run of the counts answer, ms, and its size in bytes. */
  readonly counts: readonly number[];
  readonly countsBytes: number;
  /** Every drill-down page read, ms: the first page of each of the busy unit's figures, then the
   * pages of its largest figure in turn. */
  readonly pages: readonly number[];
  /** The largest figure of the busy unit, its occurrences and the pages walked. */
  readonly largest: { figure: string; count: number; pages: number };
}

/**
 * Times the counts answer `runs` times, then the first page (50) of every figure of `busyUnitId`
 * and up to `maxPages` pages of its largest figure, one request at a time, as `cookie` (HQ).
 */
export async function measureYearReport(
  api: string,
  cookie: string,
  q: { from: string; to: string; busyUnitId: string; runs?: number; maxPages?: number },
): Promise<YearReportFigures> {
  const counts: number[] = [];
  let answer: ComplianceCounts | undefined;
  let bytes = 0;
  for (let i = 0; i < (q.runs ?? 3); i++) {
    const [a, ms, size] = await timedJson<ComplianceCounts>(countsUrl(api, q.from, q.to), cookie);
    counts.push(ms);
    answer = a;
    bytes = size;
  }
  const figures = answer?.units.find((u) => u.unitId === q.busyUnitId)?.figures ?? {};
  const pages: number[] = [];
  for (const figure of Object.keys(figures)) {
    const [, ms] = await timedJson<ComplianceFindingsPage>(
      findingsUrl(api, { unitId: q.busyUnitId, figure, from: q.from, to: q.to }),
      cookie,
    );
    pages.push(ms);
  }
  const [figure = 'detentions', { count } = { count: 0 }] =
    Object.entries(figures).sort(([, a], [, b]) => b.count - a.count)[0] ?? [];
  let cursor: string | null | undefined;
  let walked = 0;
  while (cursor !== null && walked < (q.maxPages ?? 100)) {
    const [page, ms] = await timedJson<ComplianceFindingsPage>(
      findingsUrl(api, {
        unitId: q.busyUnitId,
        figure,
        from: q.from,
        to: q.to,
        ...(cursor === undefined ? {} : { cursor }),
      }),
      cookie,
    );
    pages.push(ms);
    walked += 1;
    cursor = page.nextCursor;
  }
  return { counts, countsBytes: bytes, pages, largest: { figure, count, pages: walked } };
}

function p(times: readonly number[], q: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function standalone(dialect: DialectName, entries: number): Promise<void> {
  const now = Date.now();
  const say = (line: string) => {
    console.log(`year-report/${dialect} ${entries.toExponential(0)}: ${line}`);
  };
  await onServedApp(
    dialect,
    async (running) => {
      const year = await generateYear(running, { entries, now, onProgress: () => undefined });
      say(`${String(year.records)} records, ${String(year.entries)} entries`);
      const r = await fetch(`${running.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: 'hq',
          password: DEMO_PASSWORD,
          totp: totp(base32Decode(DEMO_TOTP_SECRET), new Date(now)),
        }),
      });
      if (!r.ok) throw new Error(`sign-in: ${String(r.status)}`);
      const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const api = `${running.url}/api/v1`;
      const from = new Date(now - 365 * DAY).toISOString();
      const to = new Date(now).toISOString();
      const health: number[] = [];
      for (let i = 0; i < 50; i++) health.push((await timedJson(`${running.url}/healthz`, ''))[1]);
      const f = await measureYearReport(api, cookie, { from, to, busyUnitId: year.busy.id });
      say(
        `counts: ${f.counts.map((ms) => ms.toFixed(0)).join(', ')} ms ` +
          `(${(f.countsBytes / 1024).toFixed(0)} KiB)`,
      );
      say(
        `drill-down pages: ${String(f.pages.length)}, p50 ${p(f.pages, 0.5).toFixed(1)} ms, ` +
          `p99 ${p(f.pages, 0.99).toFixed(1)} ms, max ${Math.max(...f.pages).toFixed(1)} ms ` +
          `(largest figure ${f.largest.figure}: ${String(f.largest.count)}, ` +
          `${String(f.largest.pages)} pages walked)`,
      );
      say(`/healthz p99 ${p(health, 0.99).toFixed(1)} ms`);
      const [whole, ms, size] = await timedJson<{ units: unknown[] }>(
        `${api}/reports/compliance?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        cookie,
      );
      say(
        `whole report (${String(whole.units.length)} units): ${ms.toFixed(0)} ms, ` +
          `${(size / 2 ** 20).toFixed(1)} MiB`,
      );
    },
    { now },
  );
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const sizes = (process.env['BENCH_YEAR_ENTRIES'] ?? '100000').split(',').map(Number);
  const dialects = (process.env['BENCH_DIALECTS'] ?? 'sqlite').split(',') as DialectName[];
  for (const entries of sizes) for (const d of dialects) await standalone(d, entries);
}
