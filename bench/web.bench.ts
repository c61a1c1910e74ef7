import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadOverMobile, type Load } from '../apps/web/e2e/network.ts';
import { onServedApp } from './load-generator.ts';
import { median, result, type BenchResult } from './result.ts';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../apps/web/dist');
const ROUNDS = Number(process.env['BENCH_WEB_ROUNDS'] ?? 5);

/** A copy of the built app without its precompressed copies: what was served before. */
function uncompressedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'custody-web-plain-'));
  cpSync(dist, dir, {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || !/\.(br|gz)$/.test(src),
  });
  return dir;
}

/**
 * The sign-in screen, the first a tablet opens, over an emulated 3G link (`MOBILE_3G`: 1.6 Mbit/s
 * down, 750 kbit/s up, 150 ms) in headless Chromium
 * with an empty cache: bytes on the wire and the time until the form shows, served as built
 * (brotli copies, immutable hashed files) against the same build without its compressed copies,
 * loads alternated; and a second visit with a warm cache.
 */
export async function run(): Promise<BenchResult[]> {
  if (
    !existsSync(join(dist, 'index.html')) ||
    !readdirSync(join(dist, 'assets')).some((f) => f.endsWith('.br'))
  ) {
    throw new Error('build the web app first: npm run build');
  }
  const plainDist = uncompressedCopy();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
  try {
    return await onServedApp('sqlite', (built) =>
      onServedApp(
        'sqlite',
        async (plain) => {
          const cold = { built: [] as Load[], plain: [] as Load[] };
          const warm: Load[] = [];
          for (let i = 0; i < ROUNDS; i++) {
            for (const [name, url] of [
              ['built', built.url],
              ['plain', plain.url],
            ] as const) {
              const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
              const page = await context.newPage();
              const ready = () => page.getByRole('heading', { name: 'Вхід' }).waitFor();
              cold[name].push(await loadOverMobile(page, url, ready));
              if (name === 'built') warm.push(await loadOverMobile(page, url, ready));
              await context.close();
            }
          }
          const kb = (loads: Load[]) => median(loads.map((l) => l.wireBytes)) / 1024;
          const ms = (loads: Load[]) => median(loads.map((l) => l.ms));
          const label = `web: first screen (sign-in) over 3G`;
          return [
            result(`${label}, KB on the wire`, kb(cold.built), 'KB', kb(cold.plain)),
            result(`${label}, load time`, ms(cold.built), 'ms', ms(cold.plain)),
            result(`${label}, second visit, KB on the wire`, kb(warm), 'KB', kb(cold.plain)),
            result(`${label}, second visit, load time`, ms(warm), 'ms', ms(cold.plain)),
          ];
        },
        { config: { webDist: plainDist } },
      ),
    );
  } finally {
    await browser.close();
    rmSync(plainDist, { recursive: true, force: true });
  }
}
