import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { fileBlobStore, sha256Hex } from './blob-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'custody-blobs-'));
  dirs.push(d);
  return d;
}

test('a staged file is served only once kept; a discarded one leaves nothing', async () => {
  const root = dir();
  const blobs = fileBlobStore(root);
  const bytes = randomBytes(100);
  const staged = await blobs.stage(bytes);
  expect(staged.sha256).toBe(sha256Hex(bytes));
  expect(await blobs.get(staged.sha256)).toBeNull();
  await staged.keep();
  expect(Buffer.from((await blobs.get(staged.sha256)) ?? [])).toEqual(bytes);
  const other = await blobs.stage(randomBytes(10));
  await other.discard();
  expect(readdirSync(join(root, 'incoming'))).toEqual([]);
  // The same bytes staged again and kept: still one file, nothing staged.
  await (await blobs.stage(bytes)).keep();
  expect(readdirSync(join(root, staged.sha256.slice(0, 2)))).toEqual([staged.sha256]);
  expect(readdirSync(join(root, 'incoming'))).toEqual([]);
});

test('the start-up sweep moves in what the log names, removes old strays, leaves young ones', async () => {
  const root = dir();
  const named = await fileBlobStore(root).stage(randomBytes(50));
  const stray = await fileBlobStore(root).stage(randomBytes(60));
  // A crash: neither kept nor discarded. An hour later the server starts again.
  const later = fileBlobStore(root, () => Date.now() + 3_600_000);
  const swept = await later.sweep((sha) => Promise.resolve(sha === named.sha256), 15 * 60_000);
  expect(swept).toEqual({ kept: 1, removed: 1 });
  expect(await later.get(named.sha256)).not.toBeNull();
  expect(await later.get(stray.sha256)).toBeNull();
  expect(readdirSync(join(root, 'incoming'))).toEqual([]);
  // An upload in flight elsewhere (staged a moment ago, not yet named) is left alone.
  const young = await fileBlobStore(root).stage(randomBytes(70));
  expect(await fileBlobStore(root).sweep(() => Promise.resolve(false), 15 * 60_000)).toEqual({
    kept: 0,
    removed: 0,
  });
  await young.keep();
  expect(existsSync(join(root, young.sha256.slice(0, 2), young.sha256))).toBe(true);
});
