/**
 * One `rebuildProjections` in a process of its own, for bench/rebuild.bench.ts: its resident set
 * and heap before (database and store open), its peak resident set, its time, and the time of one read of the
 * whole log in pages, as one JSON line on stdout. Arguments: the database URL, then the root of
 * the tree whose code rebuilds (this one by default: another measures older code on the same
 * database).
 */
import { resourceUsage } from 'node:process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateSignerKey, signerFromSkey } from '../packages/ledger/src/index.ts';
import { openDatabase, type Database } from '../apps/server/src/db/database.ts';
import { createEventStore, type EventStore } from '../apps/server/src/store/index.ts';

const [url, root = resolve(dirname(fileURLToPath(import.meta.url)), '..')] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: rebuild-child.ts <database url> [tree]');
const { rebuildProjections } = (await import(
  pathToFileURL(join(root, 'apps/server/src/projections/index.ts')).href
)) as {
  rebuildProjections: (deps: { database: Database; store: EventStore }) => Promise<number>;
};

const database = openDatabase(url);
const signer = signerFromSkey(generateSignerKey('rebuild.invalid/bench').skey);
const store = await createEventStore({ database, signer, origin: signer.name });
globalThis.gc?.();
const idle = process.memoryUsage().rss;
const idleHeap = process.memoryUsage().heapUsed;
let started = performance.now();
const records = await rebuildProjections({ database, store });
const rebuild = (performance.now() - started) / 1000;
// Linux reports the peak resident set in KiB.
const peak = resourceUsage().maxRSS * 1024;
started = performance.now();
let entries = 0;
for (let at = 0; ;) {
  const page = await store.readLog(at, 1000);
  entries += page.length;
  const last = page.at(-1);
  if (last === undefined || page.length < 1000) break;
  at = last.logIndex + 1;
}
const read = (performance.now() - started) / 1000;
await store.close();
await database.close();
console.log(JSON.stringify({ records, entries, idle, idleHeap, peak, rebuild, read }));
