import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  TILE_WIDTH,
  decodeEntryBundle,
  equalBytes,
  fromBase64,
  leafHash,
  nodesForConsistency,
  nodesForRoot,
  openNote,
  parseCheckpoint,
  requireQuorum,
  rootFromNodes,
  tileHashes,
  tileNodeReader,
  tileOfNode,
  tilePath,
  tileWidthAt,
  toBase64,
  toHex,
  verifierFromVkey,
  verifyCheckpointNote,
  type Checkpoint,
  type NodeId,
  type Policy,
} from '@custody/ledger';

/** What a monitor keeps between runs: the checkpoint it accepted and each stream's chain tip. */
export interface MonitorState {
  origin: string;
  size: number;
  /** Base64 root of the accepted checkpoint. */
  root: string;
  /** The accepted checkpoint note, as evidence. */
  note: string;
  /** Stream id → [version, hex leaf hash] of its last entry. */
  streams: Record<string, [number, string]>;
}

/** An inconsistency: the log forked, went back, or serves tiles that do not match. */
export class MonitorAlert extends Error {
  override readonly name = 'MonitorAlert';
}

export interface MonitorOptions {
  /** The log's prefix, e.g. https://custody.example/log (tlog-tiles). */
  readonly url: string;
  /** The log's vkey; or a policy whose quorum the checkpoint must meet. */
  readonly vkey?: string;
  readonly policy?: Policy;
  readonly fetch?: typeof fetch;
}

async function get(o: MonitorOptions, path: string): Promise<Uint8Array> {
  const r = await (o.fetch ?? fetch)(`${o.url.replace(/\/$/, '')}/${path}`);
  if (!r.ok) throw new Error(`${path}: HTTP ${String(r.status)}`);
  return new Uint8Array(await r.arrayBuffer());
}

function openCheckpoint(o: MonitorOptions, note: string): Checkpoint {
  if (o.policy !== undefined) return requireQuorum(verifyCheckpointNote(note, o.policy)).checkpoint;
  if (o.vkey === undefined) throw new Error('give the log vkey or a policy');
  return parseCheckpoint(openNote(note, [verifierFromVkey(o.vkey)]).text);
}

/**
 * One step of a c2sp.org/tlog-tiles monitor: fetch and verify the checkpoint (the log's
 * signature, or a policy's quorum), refuse anything smaller than or divergent from the accepted
 * one (a consistency check over the tiles), recompute the root from the tiles, check every new
 * entry against its level-0 tile hash, its index and its stream's hash chain (each leaf names
 * the previous leaf of its stream), and return the new state. Throws {@link MonitorAlert} on
 * any inconsistency; the old state then stays as it was.
 */
export async function monitorStep(
  o: MonitorOptions,
  state: MonitorState | null,
): Promise<{ state: MonitorState; newEntries: number }> {
  const note = new TextDecoder().decode(await get(o, 'checkpoint'));
  let cp: Checkpoint;
  try {
    cp = openCheckpoint(o, note);
  } catch (e) {
    throw new MonitorAlert(`the checkpoint does not verify: ${(e as Error).message}`);
  }
  const old = state ?? { origin: cp.origin, size: 0, root: '', note: '', streams: {} };
  if (old.origin !== cp.origin) throw new MonitorAlert(`origin ${cp.origin}, not ${old.origin}`);
  if (cp.size < old.size) {
    throw new MonitorAlert(
      `the log shows ${String(cp.size)} entries, fewer than the ${String(old.size)} accepted: rolled back or truncated`,
    );
  }
  const tiles = new Map<string, Uint8Array[]>();
  const fetchTiles = async (nodes: readonly NodeId[]) => {
    for (const n of nodes) {
      const { tileLevel, tile } = tileOfNode(n.level, n.index);
      const key = `${String(tileLevel)}/${String(tile)}`;
      if (tiles.has(key)) continue;
      const width = tileWidthAt(tileLevel, tile, cp.size);
      const bytes = await get(o, tilePath({ level: tileLevel, index: tile, width }));
      tiles.set(key, tileHashes(bytes, width));
    }
  };
  const read = tileNodeReader((l, n) => tiles.get(`${String(l)}/${String(n)}`));
  await fetchTiles(nodesForRoot(cp.size));
  if (!equalBytes(rootFromNodes(cp.size, read), cp.root)) {
    throw new MonitorAlert(
      `the tiles do not add up to the root of the checkpoint of ${String(cp.size)}`,
    );
  }
  if (old.size > 0) {
    await fetchTiles(nodesForConsistency(old.size, cp.size));
    await fetchTiles(nodesForRoot(old.size));
    if (!equalBytes(rootFromNodes(old.size, read), fromBase64(old.root))) {
      throw new MonitorAlert(
        `FORK: the log of ${String(cp.size)} entries does not extend the accepted checkpoint of ${String(old.size)}`,
      );
    }
  }
  const streams = { ...old.streams };
  for (let bundle = Math.floor(old.size / TILE_WIDTH); bundle * TILE_WIDTH < cp.size; bundle += 1) {
    const width = tileWidthAt('entries', bundle, cp.size);
    const entries = decodeEntryBundle(
      await get(o, tilePath({ level: 'entries', index: bundle, width })),
    );
    await fetchTiles([{ level: 0, index: bundle * TILE_WIDTH }]);
    const hashes = tiles.get(`0/${String(bundle)}`) ?? [];
    if (entries.length !== width)
      throw new MonitorAlert(`bundle ${String(bundle)} is not ${String(width)} entries`);
    entries.forEach((entry, i) => {
      const index = bundle * TILE_WIDTH + i;
      if (index < old.size) return;
      const hash = leafHash(entry);
      if (!equalBytes(hash, hashes[i] ?? new Uint8Array())) {
        throw new MonitorAlert(`entry ${String(index)} does not hash to its tile`);
      }
      let leaf: { index?: unknown; stream?: unknown; version?: unknown; prev?: unknown };
      try {
        leaf = JSON.parse(new TextDecoder().decode(entry)) as typeof leaf;
      } catch {
        throw new MonitorAlert(`entry ${String(index)} is not a leaf`);
      }
      if (leaf.index !== index || typeof leaf.stream !== 'string') {
        throw new MonitorAlert(`entry ${String(index)} names index ${String(leaf.index)}`);
      }
      const tip = streams[leaf.stream];
      const wantVersion = (tip?.[0] ?? 0) + 1;
      const wantPrev = tip?.[1] ?? null;
      if (leaf.version !== wantVersion || leaf.prev !== wantPrev) {
        throw new MonitorAlert(
          `entry ${String(index)} breaks the chain of stream ${leaf.stream} (version ${String(leaf.version)}, expected ${String(wantVersion)})`,
        );
      }
      streams[leaf.stream] = [wantVersion, toHex(hash)];
    });
  }
  return {
    state: { origin: cp.origin, size: cp.size, root: toBase64(cp.root), note, streams },
    newEntries: cp.size - old.size,
  };
}

export function readMonitorState(file: string): MonitorState | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as MonitorState;
}

/** Written to a new file and renamed over the old one, so a crash leaves one or the other. */
export function writeMonitorState(file: string, state: MonitorState): void {
  writeFileSync(`${file}.new`, JSON.stringify(state), { flush: true });
  renameSync(`${file}.new`, file);
}
