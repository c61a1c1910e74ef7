import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DialectName } from '../apps/server/src/db/database.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { serve } from '../apps/server/src/ops/serve.ts';
import { freshPostgres } from '../apps/server/test/databases.ts';
import { DIALECTS } from './load-generator.ts';
import { generateYear } from './national-year.ts';
import { result, type BenchResult } from './result.ts';

/**
 * `custody rebuild-projections` folded every record of the log before writing any summary, so
 * it held them all (~27 KiB of state each: ~5 GiB at 10^7 entries). It now works a slice of
 * records at a time. This measures, at each size of a generated year (`BENCH_REBUILD_ENTRIES`,
 * default 10^4 and 10^5), a rebuild in a process of its own (bench/rebuild-child.ts): its peak
 * resident set against the same process's before the rebuild, and its time against one read of
 * the whole log by the same process. `BENCH_REBUILD_COMPARE=<tree>`: the same database is
 * rebuilt by that tree's code too (older code, for the figures before).
 */
const SIZES = (process.env['BENCH_REBUILD_ENTRIES'] ?? '10000,100000').split(',').map(Number);
/**
 * A second run of each rebuild with V8's old space capped at this (`--max-old-space-size`,
 * `BENCH_REBUILD_HEAP_MIB`, default 80): uncapped, V8 lets garbage pile up before it collects,
 * so the peak resident set says little of what is live; capped, a rebuild that holds what grows
 * with the log runs out of heap where one that holds a slice does not.
 */
const HEAP_MIB = Number(process.env['BENCH_REBUILD_HEAP_MIB'] ?? 80);
const COMPARE = process.env['BENCH_REBUILD_COMPARE'] ?? '';
const here = dirname(fileURLToPath(import.meta.url));
const run$ = promisify(execFile);

interface Child {
  /** The largest heap left by a full collection (`--trace-gc`): what the rebuild kept live. */
  live: number;
  records: number;
  entries: number;
  idle: number;
  /** The heap after a full collection before the rebuild. */
  idleHeap: number;
  peak: number;
  rebuild: number;
  read: number;
}

const mib = (n: number): number => n / 2 ** 20;
const say = (line: string): void => {
  console.error(`[rebuild] ${line} (load ${loadavg()[0]?.toFixed(1) ?? '?'})`);
};

async function child(url: string, tree: string | undefined, heap?: number): Promise<Child | null> {
  const args = [
    '--expose-gc',
    '--trace-gc',
    '--import',
    'tsx',
    join(here, 'rebuild-child.ts'),
    url,
  ];
  if (heap !== undefined) args.unshift(`--max-old-space-size=${String(heap)}`);
  if (tree !== undefined) args.push(tree);
  try {
    const { stdout } = await run$(process.execPath, args, {
      cwd: join(here, '..'),
      maxBuffer: 2 ** 26,
    });
    const lines = stdout.split('\n');
    const figures = JSON.parse(lines.find((l) => l.startsWith('{')) ?? '') as Omit<Child, 'live'>;
    // V8's lines: "Mark-Compact 45.2 (60.1) -> 30.1 (61.0) MB": heap before and after, in MiB.
    const live = Math.max(
      0,
      ...lines.flatMap((l) => {
        const m = /Mark-Compact[^>]*-> ([\d.]+) \(/.exec(l);
        return m?.[1] === undefined ? [] : [Number(m[1]) * 2 ** 20];
      }),
    );
    return { ...figures, live };
  } catch (error) {
    if (heap === undefined) throw error;
    say(
      `capped at ${String(heap)} MiB: ${
        String(error)
          .split('\n')
          .find((l) => /heap|memory/i.test(l)) ?? String(error).slice(0, 200)
      }`,
    );
    return null;
  }
}

async function figures(dialect: DialectName, entries: number): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'custody-rebuild-'));
  const pg = dialect === 'postgres' ? await freshPostgres() : null;
  const url = pg?.url ?? join(dir, 'custody.sqlite');
  const tag = `rebuild-projections ${dialect} 10^${Math.round(Math.log10(entries))}`;
  const out: BenchResult[] = [];
  try {
    const now = Date.now();
    const config = {
      ...loadConfig({ CUSTODY_DEMO: '0', PORT: '0' }),
      databaseUrl: url,
      keyFile: join(dir, 'signing.key'),
    };
    const running = await serve(config, { now: () => new Date(now) });
    try {
      const year = await generateYear(running, { entries, now });
      say(`${tag}: ${year.records} records, ${year.entries} entries generated`);
    } finally {
      await running.close();
    }
    const push = (code: string, c: Child | null): void => {
      if (c === null) {
        say(`${tag} (${code}): FAILED`);
        out.push(
          result(`${tag} (${code}): peak RSS, MiB`, HEAP_MIB, 'MiB cap: out of heap', HEAP_MIB),
        );
        return;
      }
      say(
        `${tag} (${code}): ${c.records} records of ${c.entries} entries; rss ${mib(c.idle).toFixed(0)} ` +
          `-> peak ${mib(c.peak).toFixed(0)} MiB, live heap ${mib(c.idleHeap).toFixed(0)} -> at most ${mib(c.live).toFixed(0)} MiB; ` +
          `rebuild ${c.rebuild.toFixed(2)} s, ` +
          `one read of the log ${c.read.toFixed(2)} s`,
      );
      out.push(result(`${tag} (${code}): peak RSS, MiB`, mib(c.peak), 'MiB', mib(c.idle)));
      out.push(result(`${tag} (${code}): live heap, MiB`, mib(c.live), 'MiB', mib(c.idleHeap)));
      out.push(result(`${tag} (${code}): time, s`, c.rebuild, 's', c.read));
    };
    const capped = `heap capped at ${String(HEAP_MIB)} MiB`;
    push('slices', await child(url, undefined));
    push(`slices, ${capped}`, await child(url, undefined, HEAP_MIB));
    if (COMPARE !== '') {
      push('whole log', await child(url, COMPARE));
      push(`whole log, ${capped}`, await child(url, COMPARE, HEAP_MIB));
    }
  } finally {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const entries of SIZES) {
    for (const d of DIALECTS) out.push(...(await figures(d, entries)));
  }
  return out;
}
