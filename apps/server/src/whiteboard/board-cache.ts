import { createHash } from 'node:crypto';

/** A board as sent: the response body and its entity tag. */
export interface ServedBoard {
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * One reader's view of a computed board `B`. Readers whose `key` is equal for a board are shown
 * the same bytes, so the key must name everything of the reader the bytes depend on (what they
 * may see of each row, the commands offered), computed from the same decisions as `render`.
 */
export interface BoardReader<B> {
  key(board: B): string;
  render(board: B): Buffer | Promise<Buffer>;
  /**
   * Optional: readers with the same `identity` have the same `key` for a board, so the key is
   * computed once per board and identity (it decides something for each row of the board).
   */
  readonly identity?: string;
}

export interface BoardCacheOptions {
  /** A board is served for requests whose clock reads less than this after its own `now`. */
  readonly maxAgeMs: number;
  /** A request this long after the board's `now` starts computing the next one meanwhile. */
  readonly refreshAfterMs: number;
  /** Units whose boards are kept (the least recently asked for go first). */
  readonly maxUnits: number;
  /** Readers' views kept per board (more are rendered for their request only). */
  readonly maxViews: number;
}

/**
 * The options for boards served at most `maxAgeMs` behind the clock (issue 18 point 4: a
 * second): the next board is started at 0.7 of that, 256 units and 16 views each kept.
 */
export function boardCacheOptions(maxAgeMs: number): BoardCacheOptions {
  return { maxAgeMs, refreshAfterMs: Math.floor(maxAgeMs * 0.7), maxUnits: 256, maxViews: 16 };
}

interface View<B> {
  readonly reader: BoardReader<B>;
  /** Rendered once: the requests that ask for the view meanwhile wait for the same rendering. */
  readonly served: Promise<ServedBoard>;
}

/** A unit's board computed at one instant from the state one stamp names. */
interface Generation<B> {
  readonly stamp: string;
  /** The board's `now`, ms. */
  readonly at: number;
  readonly board: Promise<B>;
  readonly views: Map<string, View<B>>;
  /** The view keys of the readers' identities seen (`BoardReader.identity`). */
  readonly keys: Map<string, string>;
}

interface UnitBoards<B> {
  current?: Generation<B> | undefined;
  /** Computed ahead while `current` is still served, for the same stamp. */
  next?: Generation<B> | undefined;
}

/** Reader identities whose view keys are kept per board (more compute theirs per request). */
const MAX_IDENTITIES = 1024;

function served(body: Buffer): ServedBoard {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
}

/**
 * Boards computed once and served to many readers (issue 18 point 4): per unit, a board is
 * computed for the state its caller's stamp names (`whiteboard.ts` BoardStamps: checked on
 * every request, read again whenever the database may have changed, so an append through any
 * process is seen by the next request) at the caller's clock, and served while the stamp is
 * unchanged and the clock has moved on less than `maxAgeMs` (a deadline crossing shows at most
 * that late). Each reader gets the bytes of its own view (`BoardReader.key`, decided once per
 * board and `BoardReader.identity`), rendered once per board; requests that ask for a view
 * being rendered wait for that rendering. Requests that find no board share the one computation
 * under way; from `refreshAfterMs` on, the next board is computed while this one is still
 * served, and takes over once it and the views asked for are rendered.
 */
export class BoardCache<B> {
  private readonly units = new Map<string, UnitBoards<B>>();

  constructor(private readonly options: BoardCacheOptions) {}

  /**
   * The bytes of `reader`'s view of the unit's board for `stamp` at `now` (ms): kept, or
   * computed by `compute` at `now` (one computation for all the requests that wait for it).
   */
  async serve(
    unitId: string,
    stamp: string,
    now: number,
    compute: (at: number) => Promise<B>,
    reader: BoardReader<B>,
  ): Promise<ServedBoard> {
    if (this.options.maxAgeMs === 0) return served(await reader.render(await compute(now)));
    const unit = this.units.get(unitId) ?? {};
    this.units.delete(unitId);
    this.units.set(unitId, unit);
    this.sweep(now, unitId);
    let generation = this.usable(unit, stamp, now);
    if (generation === undefined) {
      generation = this.start(stamp, now, compute);
      unit.current = generation;
      unit.next = undefined;
    }
    let board: B;
    try {
      board = await generation.board;
    } catch (error) {
      if (unit.current === generation) unit.current = undefined;
      throw error;
    }
    const out = this.view(generation, board, reader);
    if (now - generation.at >= this.options.refreshAfterMs) {
      this.refresh(unit, generation, now, compute);
    }
    return await out;
  }

  /** How many units have a board kept (tests). */
  get size(): number {
    return this.units.size;
  }

  private fits(g: Generation<B> | undefined, stamp: string, now: number): g is Generation<B> {
    return (
      g !== undefined && g.stamp === stamp && now >= g.at && now - g.at < this.options.maxAgeMs
    );
  }

  private usable(unit: UnitBoards<B>, stamp: string, now: number): Generation<B> | undefined {
    if (this.fits(unit.current, stamp, now)) return unit.current;
    if (this.fits(unit.next, stamp, now)) {
      unit.current = unit.next;
      unit.next = undefined;
      return unit.current;
    }
    return undefined;
  }

  private start(stamp: string, at: number, compute: (at: number) => Promise<B>): Generation<B> {
    return { stamp, at, board: compute(at), views: new Map(), keys: new Map() };
  }

  /** The reader's view key of the generation's board, computed once per reader identity. */
  private keyOf(generation: Generation<B>, board: B, reader: BoardReader<B>): string {
    const { identity } = reader;
    if (identity === undefined) return reader.key(board);
    const known = generation.keys.get(identity);
    if (known !== undefined) return known;
    const key = reader.key(board);
    if (generation.keys.size < MAX_IDENTITIES) generation.keys.set(identity, key);
    return key;
  }

  private view(generation: Generation<B>, board: B, reader: BoardReader<B>): Promise<ServedBoard> {
    const key = this.keyOf(generation, board, reader);
    const kept = generation.views.get(key);
    if (kept !== undefined) return kept.served;
    const out = (async () => served(await reader.render(board)))();
    if (generation.views.size < this.options.maxViews) {
      const view = { reader, served: out };
      generation.views.set(key, view);
      // A rendering that failed is not kept: the next request renders (and fails) for itself.
      out.catch(() => {
        if (generation.views.get(key) === view) generation.views.delete(key);
      });
    }
    return out;
  }

  /**
   * Computes the next board of the same stamp at `now`, renders the views asked of `from`, and
   * serves it from then on (unless something newer took `from`'s place meanwhile).
   */
  private refresh(
    unit: UnitBoards<B>,
    from: Generation<B>,
    now: number,
    compute: (at: number) => Promise<B>,
  ): void {
    if (unit.current !== from || unit.next !== undefined) return;
    const next = this.start(from.stamp, now, compute);
    unit.next = next;
    next.board
      .then(async (board) => {
        if (unit.next !== next) return;
        await Promise.all(
          [...from.views.values()].map(({ reader }) => this.view(next, board, reader)),
        );
        if (unit.next !== next) return;
        if (unit.current === from) {
          unit.current = next;
          unit.next = undefined;
        }
      })
      .catch(() => {
        // The next request computes the board itself (and answers with the error, if any); a
        // view that cannot be rendered is rendered again, and fails, for its own request.
        if (unit.next === next) unit.next = undefined;
      });
  }

  /**
   * Drops the units asked for before `keep` (least recently first) whose boards are all too old
   * to serve at `now`, and beyond `maxUnits` the least recently asked for.
   */
  private sweep(now: number, keep: string): void {
    for (const [id, unit] of this.units) {
      if (id === keep) break;
      const young = [unit.current, unit.next].some(
        (g) => g !== undefined && now >= g.at && now - g.at < this.options.maxAgeMs,
      );
      if (young && this.units.size <= this.options.maxUnits) break;
      this.units.delete(id);
    }
  }
}
