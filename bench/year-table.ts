import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './result.ts';

/**
 * Prints the growth table of docs/benchmarks.md ("A national year") from bench/results.json:
 * each figure of year.bench.ts at each size measured, per database, and its growth from one
 * size to the next beside the log's. `node --import tsx bench/year-table.ts`
 */
const here = dirname(fileURLToPath(import.meta.url));
const results = JSON.parse(readFileSync(join(here, 'results.json'), 'utf8')) as BenchResult[];

const parsed = results.flatMap((r) => {
  const m = /^year\/(\w+) (\d)e(\d+): (.*)$/.exec(r.name);
  if (m === null) return [];
  const [, db = '', mant = '1', exp = '0', what = ''] = m;
  const size = Number(mant) * 10 ** Number(exp);
  // The baselines of the run, as rows of their own: the machine's state and the log's size.
  const base = what.startsWith('record page')
    ? [{ what: 'baseline: GET /healthz p99', r: { ...r, value: r.baseline } }]
    : what === 'full verification'
      ? [{ what: 'baseline: reading every leaf and payload once', r: { ...r, value: r.baseline } }]
      : [];
  return [{ what, r }, ...base].map((x) => ({ db, size, ...x }));
});
const sizes = [...new Set(parsed.map((p) => p.size))].sort((a, b) => a - b);
const whats = [...new Set(parsed.map((p) => p.what))];
const dbs = [...new Set(parsed.map((p) => p.db))];
const fmt = (v: number, unit: string) =>
  unit === 's (failed)'
    ? `failed after ${v.toFixed(0)} s`
    : unit === 'entries/s'
      ? `${v.toFixed(0)}/s`
      : unit === 's'
        ? `${v.toFixed(v < 10 ? 2 : 0)} s`
        : `${v.toFixed(0)} ms`;
const exp = (n: number) => `10^${Math.round(Math.log10(n))}`;

const head = ['figure', ...dbs.flatMap((d) => sizes.map((s) => `${d} ${exp(s)}`))];
const growth = dbs.flatMap((d) =>
  sizes
    .slice(1)
    .map((s, i) => `${d} growth ${exp(sizes[i] ?? 1)}→${exp(s)} (log ×${s / (sizes[i] ?? 1)})`),
);
const rows = whats.map((w) => {
  const at = (d: string, s: number) =>
    parsed.find((p) => p.db === d && p.size === s && p.what === w);
  const values = dbs.flatMap((d) =>
    sizes.map((s) => {
      const p = at(d, s);
      return p === undefined ? '–' : fmt(p.r.value, p.r.unit);
    }),
  );
  const grown = dbs.flatMap((d) =>
    sizes.slice(1).map((s, i) => {
      const a = at(d, sizes[i] ?? 0);
      const b = at(d, s);
      const failed = [a, b].some((x) => x?.r.unit === 's (failed)');
      return a === undefined || b === undefined || failed
        ? '–'
        : `×${(b.r.value / a.r.value).toFixed(2)}`;
    }),
  );
  return [w, ...values, ...grown];
});
const all = [[...head, ...growth], [...head, ...growth].map(() => '---'), ...rows];
console.log(all.map((r) => `| ${r.join(' | ')} |`).join('\n'));
