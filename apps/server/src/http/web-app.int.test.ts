import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from '../../test/http/harness.ts';
import { COMPRESS_THRESHOLD } from './compression.ts';
import { IMMUTABLE, REVALIDATE } from './web-app.ts';

const script = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../web/scripts/precompress.mjs',
);
const code = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: 'рядок ${i}' }`).join(', ')}];\n`;
const rows = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, name: `рядок ${i}` })));
const html = `<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>Custody</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(40)}</body></html>`;

describe('the web app: precompressed copies, immutable hashed files', () => {
  let h: Harness;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'custody-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), html);
    writeFileSync(join(root, 'assets', 'index-Ab12Cd34.js'), code);
    writeFileSync(join(root, 'assets', 'tiny-Ef56Gh78.js'), 'export {};\n');
    execFileSync(process.execPath, [script, root]);
    // Written after the build's compression: a text file that has no compressed copy.
    writeFileSync(join(root, 'assets', 'rows-Ij90Kl12.json'), rows);
    h = await harness('sqlite', { deps: { webRoot: root } });
  });
  afterAll(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) =>
    h.app.inject({
      method: 'GET',
      url,
      headers: encoding === undefined ? {} : { 'accept-encoding': encoding },
    });

  test('a hashed file in the smallest copy the browser accepts, immutable for a year', async () => {
    const br = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(code);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(code) / 4);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers['vary']).toMatch(/accept-encoding/i);

    const gz = await get('/assets/index-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(code);

    const plain = await get('/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(code);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
  });

  test('a file too small to gain is sent as it is', async () => {
    const r = await get('/assets/tiny-Ef56Gh78.js', 'br, gzip');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body).toBe('export {};\n');
  });

  test('a file without a compressed copy is sent as it is: the API’s compression leaves the app’s files alone', async () => {
    const r = await get('/assets/rows-Ij90Kl12.json', 'gzip, deflate, br');
    expect(r.statusCode).toBe(200);
    expect(Buffer.byteLength(rows)).toBeGreaterThan(COMPRESS_THRESHOLD);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body).toBe(rows);
    expect(r.headers['cache-control']).toBe(IMMUTABLE);
  });

  test('index.html, at / and as the fallback of the app’s routes, compressed and revalidated', async () => {
    for (const url of ['/', '/index.html', '/records/some-record']) {
      const r = await get(url, 'br');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(r.rawPayload).toString('utf8')).toBe(html);
      expect(r.headers['cache-control']).toBe(REVALIDATE);
    }
  });
});
