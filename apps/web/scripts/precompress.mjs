// Writes a brotli (.br) and a gzip (.gz) copy beside every text file of dist/ worth compressing,
// at the highest levels (done once at build time, not per request), so the server sends the
// smallest copy the browser accepts (@fastify/static `preCompressed`). A copy that would not be
// smaller than the file is not written. `node precompress.mjs [DIR]`, by default apps/web/dist.
import console from 'node:console';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt']);
const MIN_BYTES = 512;

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** @param {number} n */
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let plain = 0;
let brotli = 0;
for (const path of files(dist)) {
  if (!TEXT.has(extname(path))) continue;
  const bytes = readFileSync(path);
  if (bytes.length < MIN_BYTES) continue;
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: 9 });
  if (br.length < bytes.length) writeFileSync(`${path}.br`, br);
  if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz);
  plain += bytes.length;
  brotli += Math.min(br.length, bytes.length);
  if (bytes.length > 20_000) {
    console.log(
      `  ${relative(dist, path)}  ${kb(bytes.length)}, br ${kb(br.length)}, gz ${kb(gz.length)}`,
    );
  }
}
console.log(`precompress: ${kb(plain)} of text, ${kb(brotli)} with brotli`);
