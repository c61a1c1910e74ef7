import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './result.ts';

const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, 'results.json');

const load = (): string =>
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;

function machine(): string {
  const memory = (totalmem() / 2 ** 30).toFixed(1);
  return `${cpus().length} cores, ${memory} GiB, Node.js ${process.version}, ${load()}`;
}

/** Figures of an earlier run that this run did not measure (a run of some benchmarks only). */
function kept(measured: readonly BenchResult[]): BenchResult[] {
  if (!existsSync(resultsFile)) return [];
  const names = new Set(measured.map((r) => r.name));
  const earlier = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResult[];
  return earlier.filter((r) => !names.has(r.name));
}

/**
 * Runs every `bench/*.bench.ts` (each exports `run()`), or those whose file name contains one of
 * the arguments (`npm run bench -- whiteboard http`), prints a table and writes
 * bench/results.json. A run of some benchmarks replaces only their figures in results.json. A
 * benchmark that throws is reported and the others still run; the exit code is then 1.
 */
async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const files = readdirSync(here)
    .filter(
      (f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))),
    )
    .sort();
  if (files.length === 0) {
    console.error(`no benchmark matches ${only.join(', ')}`);
    return 2;
  }
  console.error(`machine: ${machine()}`);
  const all: BenchResult[] = [];
  const failed: string[] = [];
  for (const file of files) {
    const started = performance.now();
    try {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as {
        run?: () => Promise<BenchResult[]>;
      };
      if (mod.run === undefined) continue;
      const results = await mod.run();
      all.push(...results);
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      console.error(`${file}: ${results.length} figures in ${seconds} s (${load()})`);
    } catch (error) {
      failed.push(file);
      console.error(`${file} FAILED:`, error);
    }
  }
  const rows = all.map(
    (r) =>
      `| ${r.name} | ${r.value.toPrecision(4)} ${r.unit} | ${r.baseline.toPrecision(4)} | ${r.ratio.toPrecision(3)} |`,
  );
  console.log(
    ['| benchmark | value | baseline | ratio |', '|---|---|---|---|', ...rows].join('\n'),
  );
  const written = only.length === 0 ? all : [...kept(all), ...all];
  writeFileSync(resultsFile, `${JSON.stringify(written, null, 2)}\n`);
  console.error(`at the end: ${load()}`);
  if (failed.length > 0) console.error(`failed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
