import {
  EMPTY_ROOT,
  TILE_WIDTH,
  decodeEntryBundle,
  equalBytes,
  fromHex,
  leafHash,
  openNote,
  parseCheckpoint,
  rootFromNodes,
  tileHashes,
  tileNodeReader,
  tilePath,
  tileWidthAt,
} from '@custody/ledger';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { oversightKit, type OversightKit } from './oversight.test-kit.ts';
import { IMMUTABLE, SHORT_LIVED } from './tiles.routes.ts';
import { MonitorAlert, monitorStep } from '../monitor/monitor.ts';

/** 600 entries: two full level-0 tiles and a partial of width 88; one level-1 partial of width 2. */
const ENTRIES = 600;

describe.each(DIALECTS)('the tiled public log, c2sp.org/tlog-tiles (%s)', (dialect) => {
  let kit: OversightKit;

  beforeAll(async () => {
    kit = await oversightKit(dialect);
    const size = (await kit.store.latestCheckpoint())?.size ?? 0;
    const events = Array.from({ length: ENTRIES - size }, (_, i) => ({
      id: crypto.randomUUID(),
      type: 'TileProbe',
      occurredAt: '2025-03-01T09:00:00.000Z',
      recordedAt: '2025-03-01T09:00:00.000Z',
      actor: { id: 'tester', role: 'admin' },
      payload: { n: i },
    }));
    for (let i = 0; i < events.length; i += 150) {
      await kit.store.append(crypto.randomUUID(), 0, events.slice(i, i + 150));
    }
  }, 60_000);
  afterAll(() => kit.close());

  const get = (url: string) => kit.app.inject({ method: 'GET', url });
  const bytesOf = (r: { rawPayload: Buffer }) => new Uint8Array(r.rawPayload);

  test('tiles and bundles, anonymously, reproduce the checkpoint root and every leaf', async () => {
    const cp = await get('/log/checkpoint');
    expect(cp.statusCode).toBe(200);
    expect(cp.headers['content-type']).toMatch(/^text\/plain/);
    expect(cp.headers['cache-control']).toBe(SHORT_LIVED);
    const { size, root } = parseCheckpoint(openNote(cp.body, [kit.verifier]).text);
    expect(size).toBe(ENTRIES);

    const tiles = new Map<string, Uint8Array[]>();
    for (const level of [0, 1]) {
      for (let n = 0; tileWidthAt(level, n, size) > 0; n += 1) {
        const width = tileWidthAt(level, n, size);
        const r = await get(`/log/${tilePath({ level, index: n, width })}`);
        expect(r.statusCode, `${level}/${n}`).toBe(200);
        expect(r.headers['content-type']).toBe('application/octet-stream');
        expect(r.headers['cache-control']).toBe(width === TILE_WIDTH ? IMMUTABLE : SHORT_LIVED);
        tiles.set(`${level}/${n}`, tileHashes(bytesOf(r), width));
      }
    }
    expect([...tiles.keys()]).toEqual(['0/0', '0/1', '0/2', '1/0']);
    const read = tileNodeReader((l, n) => tiles.get(`${l}/${n}`));
    expect(equalBytes(rootFromNodes(size, read), root)).toBe(true);

    const leaves = await kit.store.readLog(0, size);
    for (let n = 0; n * TILE_WIDTH < size; n += 1) {
      const width = tileWidthAt('entries', n, size);
      const r = await get(`/log/${tilePath({ level: 'entries', index: n, width })}`);
      expect(r.statusCode).toBe(200);
      const entries = decodeEntryBundle(bytesOf(r));
      expect(entries).toHaveLength(width);
      entries.forEach((e, i) => {
        const hash = leafHash(e);
        expect(equalBytes(hash, tiles.get(`0/${n}`)?.[i] ?? EMPTY_ROOT)).toBe(true);
        expect(equalBytes(hash, fromHex(leaves[n * TILE_WIDTH + i]?.leafHash ?? ''))).toBe(true);
      });
    }
  });

  test('an entry is the leaf bytes: a salted commitment, never the payload', async () => {
    const r = await get('/log/tile/entries/000');
    const leaf = JSON.parse(new TextDecoder().decode(decodeEntryBundle(bytesOf(r))[0])) as Record<
      string,
      unknown
    >;
    expect(Object.keys(leaf).sort()).toEqual(
      [
        'actor',
        'commitment',
        'id',
        'index',
        'occurredAt',
        'prev',
        'recordedAt',
        'stream',
        'type',
        'v',
        'version',
      ].sort(),
    );
    expect(r.body).not.toContain('"n"');
  });

  test('a narrower partial tile is a prefix; tiles the log does not hold are 404 problems', async () => {
    const full = bytesOf(await get('/log/tile/0/001'));
    const partial = await get('/log/tile/0/001.p/5');
    expect(partial.statusCode).toBe(200);
    expect(bytesOf(partial)).toEqual(full.slice(0, 5 * 32));
    for (const url of [
      '/log/tile/0/002', // only 88 wide
      '/log/tile/0/002.p/89',
      '/log/tile/1/000', // only 2 wide
      '/log/tile/2/000.p/1',
      '/log/tile/entries/003.p/1',
      '/log/tile/0/2', // not the canonical spelling of 002
      '/log/tile/0/x000/002',
      '/log/tile/0/000.p/256',
      '/log/tile/0/000.p/0',
      '/log/tile/64/000',
      '/log/tile/data/000',
      '/log/tile/',
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  test('the monitor follows the tiles; a root other than the accepted one is a fork', async () => {
    const viaApp = (async (url: string | URL | Request) => {
      const r = await kit.app.inject({
        url: new URL(url instanceof Request ? url.url : url.toString()).pathname,
      });
      return new Response(new Uint8Array(r.rawPayload), { status: r.statusCode });
    }) as typeof fetch;
    const o = { url: 'http://log.test/log', vkey: kit.vkey, fetch: viaApp };
    const first = await monitorStep(o, null);
    expect(first.newEntries).toBe(first.state.size);
    expect(Object.keys(first.state.streams).length).toBeGreaterThan(1);
    const more = Array.from({ length: 10 }, (_, i) => ({
      id: crypto.randomUUID(),
      type: 'TileProbe',
      occurredAt: '2025-03-01T10:00:00.000Z',
      recordedAt: '2025-03-01T10:00:00.000Z',
      actor: { id: 'tester', role: 'admin' },
      payload: { more: i },
    }));
    await kit.store.append(crypto.randomUUID(), 0, more);
    const next = await monitorStep(o, first.state);
    expect(next.newEntries).toBe(10);
    const otherRoot = Buffer.from(next.state.root, 'base64');
    otherRoot[0] = (otherRoot[0] ?? 0) ^ 1;
    const forked = { ...first.state, root: otherRoot.toString('base64') };
    await expect(monitorStep(o, forked)).rejects.toThrow(/FORK/);
    const ahead = { ...next.state, size: next.state.size + 1 };
    await expect(monitorStep(o, ahead)).rejects.toThrow(MonitorAlert);
    await expect(
      monitorStep({ ...o, vkey: kit.vkey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }, null),
    ).rejects.toThrow();
  });

  test('the routes are documented in the OpenAPI document as public', async () => {
    const doc = (await get('/api/openapi.json')).json<{
      paths: Record<string, { get?: { security?: unknown; responses: Record<string, unknown> } }>;
    }>();
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/log/'));
    expect(paths.sort()).toEqual(['/log/checkpoint', expect.stringMatching(/^\/log\/tile\//)]);
    for (const p of paths) {
      const get = doc.paths[p]?.get;
      expect(get?.security, p).toBeUndefined();
      const statuses = Object.keys(get?.responses ?? {});
      expect(statuses, p).toContain('404');
      expect(
        statuses.filter((s) => s === '401' || s === '403'),
        p,
      ).toEqual([]);
    }
    const tile = doc.paths['/log/tile/{*}']?.get?.responses['200'] as { content: object };
    expect(Object.keys(tile.content)).toEqual(['application/octet-stream']);
  });
});
