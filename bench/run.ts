import { writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './result.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Runs every `bench/*.bench.ts` (each exports `run()`), prints a table and writes bench/results.json. */
async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts') && (only === undefined || f.includes(only)))
    .sort();
  const all: BenchResult[] = [];
  for (const file of files) {
    const started = performance.now();
    const mod = (await import(pathToFileURL(join(here, file)).href)) as {
      run?: () => Promise<BenchResult[]>;
    };
    if (mod.run === undefined) continue;
    const results = await mod.run();
    all.push(...results);
    console.error(
      `${file}: ${results.length} figures in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  const rows = all.map(
    (r) =>
      `| ${r.name} | ${r.value.toPrecision(4)} ${r.unit} | ${r.baseline.toPrecision(4)} | ${r.ratio.toPrecision(3)} |`,
  );
  console.log(
    ['| benchmark | value | baseline | ratio |', '|---|---|---|---|', ...rows].join('\n'),
  );
  writeFileSync(join(here, 'results.json'), `${JSON.stringify(all, null, 2)}\n`);
}

await main();
