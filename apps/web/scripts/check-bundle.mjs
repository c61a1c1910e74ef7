// Fails the build when the JavaScript loaded before first render exceeds the
// budget: the entry script of dist/index.html plus every module it preloads.
// Lazy feature chunks are not counted; they load when their screen opens.
import console from 'node:console';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

/** @type {Set<string>} */
const initial = new Set();
for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g))
  initial.add(m[1] ?? '');
for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
  initial.add(m[1] ?? '');
}
if (initial.size === 0) {
  console.error('check-bundle: no entry script found in dist/index.html');
  process.exit(1);
}

let total = 0;
for (const src of initial) {
  const bytes = readFileSync(join(dist, src.replace(/^\//, '')));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(
    `  ${src}  ${(bytes.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`,
  );
}
const figure = `${(total / 1024).toFixed(1)} KB gzipped of ${BUDGET_BYTES / 1024} KB`;
if (total > BUDGET_BYTES) {
  console.error(`check-bundle: initial JavaScript ${figure}: over budget`);
  process.exit(1);
}
console.log(`check-bundle: initial JavaScript ${figure}`);
