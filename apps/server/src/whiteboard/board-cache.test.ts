import { describe, expect, test } from 'vitest';
import { BoardCache, boardCacheOptions, type BoardReader } from './board-cache.ts';

/** A computed board as these tests see it: the instant it was computed at and a serial number. */
interface Board {
  readonly at: number;
  readonly n: number;
}

/** A computation that counts its calls and resolves when the test releases it. */
function computations() {
  let n = 0;
  const waiting: (() => void)[] = [];
  const compute = (at: number) => {
    n += 1;
    const board = { at, n };
    return new Promise<Board>((resolve) => {
      waiting.push(() => {
        resolve(board);
      });
    });
  };
  return {
    compute,
    count: () => n,
    release() {
      for (const go of waiting.splice(0)) go();
    },
  };
}

/** A reader shown everything of a board, as JSON, under `key`; counts its renders. */
function reader(key: string) {
  let renders = 0;
  const r: BoardReader<Board> = {
    key: () => key,
    render: (b) => {
      renders += 1;
      return Buffer.from(JSON.stringify({ key, ...b }));
    },
  };
  return { ...r, renders: () => renders };
}

const shown = (served: { body: Buffer }) =>
  JSON.parse(served.body.toString('utf8')) as Board & { key: string };

/** Lets resolved promises' callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Unit u1's board of stamp s1 computed at `at` (the computation released) and served to `r`. */
async function computedAt(
  cache: BoardCache<Board>,
  c: ReturnType<typeof computations>,
  r: BoardReader<Board>,
  at: number,
) {
  const first = cache.serve('u1', 's1', at, c.compute, r);
  await settle();
  c.release();
  return first;
}

describe('BoardCache', () => {
  test('requests that find no board share one computation; each view is rendered once', async () => {
    const cache = new BoardCache<Board>(boardCacheOptions(1000));
    const c = computations();
    const a = reader('a');
    const b = reader('b');
    const pending = [a, a, b, a].map((r) => cache.serve('u1', 's1', 10_000, c.compute, r));
    await settle();
    c.release();
    const got = await Promise.all(pending);
    expect(c.count()).toBe(1);
    expect(got.map((g) => shown(g).key)).toEqual(['a', 'a', 'b', 'a']);
    expect(a.renders()).toBe(1);
    expect(b.renders()).toBe(1);
    expect(got[0]?.etag).toBe(got[1]?.etag);
    expect(got[0]?.etag).not.toBe(got[2]?.etag);
  });

  test('served while the stamp is unchanged and the clock less than maxAgeMs on; computed anew otherwise', async () => {
    const cache = new BoardCache<Board>({ ...boardCacheOptions(1000), refreshAfterMs: 1000 });
    const c = computations();
    const a = reader('a');
    const serve = async (stamp: string, now: number) => {
      const p = cache.serve('u1', stamp, now, c.compute, a);
      await settle();
      c.release();
      return shown(await p);
    };
    expect(await serve('s1', 10_000)).toMatchObject({ at: 10_000, n: 1 });
    expect(await serve('s1', 10_999)).toMatchObject({ at: 10_000, n: 1 });
    expect(await serve('s1', 11_000)).toMatchObject({ at: 11_000, n: 2 });
    expect(await serve('s2', 11_001)).toMatchObject({ at: 11_001, n: 3 });
    // A clock that went back (a test's, or a stepped system clock) never gets a board from its future.
    expect(await serve('s2', 11_000)).toMatchObject({ at: 11_000, n: 4 });
    // Units apart.
    const other = cache.serve('u2', 's2', 11_000, c.compute, a);
    await settle();
    c.release();
    expect(shown(await other)).toMatchObject({ n: 5 });
  });

  test('from refreshAfterMs on, the next board is computed while this one is served, with the views asked for', async () => {
    const cache = new BoardCache<Board>(boardCacheOptions(1000));
    const c = computations();
    const a = reader('a');
    const b = reader('b');
    await computedAt(cache, c, a, 10_000);
    await cache.serve('u1', 's1', 10_100, c.compute, b);
    // 0.7 s on: still this board, and the next one started.
    expect(shown(await cache.serve('u1', 's1', 10_700, c.compute, a)).at).toBe(10_000);
    expect(c.count()).toBe(2);
    expect(shown(await cache.serve('u1', 's1', 10_800, c.compute, a)).at).toBe(10_000);
    expect(c.count()).toBe(2);
    c.release();
    await settle();
    // Both views were rendered for it before it took over; nothing computed on request.
    expect(a.renders()).toBe(2);
    expect(b.renders()).toBe(2);
    expect(shown(await cache.serve('u1', 's1', 10_900, c.compute, b))).toMatchObject({
      at: 10_700,
      key: 'b',
    });
    expect(shown(await cache.serve('u1', 's1', 11_600, c.compute, a)).at).toBe(10_700);
    expect(b.renders()).toBe(2);
  });

  test('a next board not ready when this one expires is waited for, not computed twice; a stamp change drops it', async () => {
    const cache = new BoardCache<Board>(boardCacheOptions(1000));
    const c = computations();
    const a = reader('a');
    await computedAt(cache, c, a, 10_000);
    await cache.serve('u1', 's1', 10_750, c.compute, a);
    expect(c.count()).toBe(2);
    const expired = cache.serve('u1', 's1', 11_200, c.compute, a);
    await settle();
    expect(c.count()).toBe(2);
    c.release();
    expect(shown(await expired).at).toBe(10_750);

    await cache.serve('u1', 's1', 11_500, c.compute, a);
    expect(c.count()).toBe(3);
    const changed = cache.serve('u1', 's2', 11_510, c.compute, a);
    await settle();
    c.release();
    expect(shown(await changed)).toMatchObject({ at: 11_510, n: 4 });
    await settle();
    expect(shown(await cache.serve('u1', 's2', 11_520, c.compute, a)).n).toBe(4);
  });

  test('a failed computation is not kept; maxAgeMs 0 computes for every request', async () => {
    const cache = new BoardCache<Board>(boardCacheOptions(1000));
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new Error('database gone'));
    };
    const a = reader('a');
    await expect(cache.serve('u1', 's1', 10_000, failing, a)).rejects.toThrow('database gone');
    await expect(cache.serve('u1', 's1', 10_000, failing, a)).rejects.toThrow('database gone');
    expect(calls).toBe(2);

    const never = new BoardCache<Board>(boardCacheOptions(0));
    let n = 0;
    const compute = (at: number) => Promise.resolve({ at, n: ++n });
    for (let i = 0; i < 3; i++) await never.serve('u1', 's1', 10_000, compute, a);
    expect(n).toBe(3);
    expect(never.size).toBe(0);
  });

  test('keeps the units asked for within maxAgeMs, at most maxUnits of them', async () => {
    const cache = new BoardCache<Board>({ ...boardCacheOptions(1000), maxUnits: 2 });
    const compute = (at: number) => Promise.resolve({ at, n: 0 });
    const a = reader('a');
    for (const u of ['u1', 'u2', 'u3']) await cache.serve(u, 's', 10_000, compute, a);
    expect(cache.size).toBe(2);
    await cache.serve('u1', 's', 10_500, compute, a);
    expect(cache.size).toBe(2);
    await cache.serve('u4', 's', 12_000, compute, a);
    expect(cache.size).toBe(1);
  });
  test('a view rendered asynchronously is rendered once for the requests that wait for it; a failed rendering is not kept', async () => {
    const cache = new BoardCache<Board>(boardCacheOptions(1000));
    const compute = (at: number) => Promise.resolve({ at, n: 1 });
    let renders = 0;
    let fail = true;
    const slow: BoardReader<Board> = {
      key: () => 'slow',
      render: async (b) => {
        renders += 1;
        await settle();
        if (fail) throw new Error('encoding failed');
        return Buffer.from(JSON.stringify({ key: 'slow', ...b }));
      },
    };
    const failed = await Promise.allSettled(
      [1, 2, 3].map(() => cache.serve('u1', 's1', 10_000, compute, slow)),
    );
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(renders).toBe(1);
    fail = false;
    const got = await Promise.all(
      [1, 2, 3].map(() => cache.serve('u1', 's1', 10_100, compute, slow)),
    );
    expect(renders).toBe(2);
    expect(new Set(got.map((g) => g.etag)).size).toBe(1);
    expect(shown(got[0] as { body: Buffer }).key).toBe('slow');
  });

  test('a view key is computed once per board and reader identity, and again for a new board or another identity', async () => {
    const cache = new BoardCache<Board>({ ...boardCacheOptions(1000), refreshAfterMs: 1000 });
    let n = 0;
    const compute = (at: number) => Promise.resolve({ at, n: ++n });
    const keyed: string[] = [];
    /** Readers whose key is their name, computed (and counted) on every call of `key`. */
    const as = (name: string, identity: string | undefined): BoardReader<Board> => ({
      ...(identity === undefined ? {} : { identity }),
      key: () => {
        keyed.push(name);
        return name;
      },
      render: (b) => Buffer.from(JSON.stringify({ key: name, ...b })),
    });
    for (let i = 0; i < 3; i++) await cache.serve('u1', 's1', 10_000 + i, compute, as('a', 'A'));
    expect(keyed).toEqual(['a']);
    // Another identity is decided for itself, even when the cache already knows a key like it.
    expect(shown(await cache.serve('u1', 's1', 10_010, compute, as('b', 'B'))).key).toBe('b');
    expect(shown(await cache.serve('u1', 's1', 10_011, compute, as('b', 'B'))).key).toBe('b');
    expect(keyed).toEqual(['a', 'b']);
    // Without an identity the key is decided on every request.
    await cache.serve('u1', 's1', 10_020, compute, as('c', undefined));
    await cache.serve('u1', 's1', 10_021, compute, as('c', undefined));
    expect(keyed).toEqual(['a', 'b', 'c', 'c']);
    // A new board (the stamp changed, or a second passed) decides every identity's key again.
    await cache.serve('u1', 's2', 10_030, compute, as('a', 'A'));
    await cache.serve('u1', 's2', 11_030, compute, as('a', 'A'));
    expect(keyed).toEqual(['a', 'b', 'c', 'c', 'a', 'a']);
    expect(n).toBe(3);
  });
});
