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
  render(board: B): Buffer;
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
  readonly served: ServedBoard;
}

/** A unit's board computed at one instant from the state one stamp names. */
interface Generation<B> {
  readonly stamp: string;
  /** The board's `now`, ms. */
  readonly at: number;
  readonly board: Promise<B>;
  readonly views: Map<string, View<B>>;
}

interface UnitBoards<B> {
  current?: Generation<B> | undefined;
  /** Computed ahead while `current` is still served, for the same stamp. */
  next?: Generation<B> | undefined;
}

function served(body: Buffer): ServedBoard {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
}

/**
 * Boards computed once and served to many readers (issue 18 point 4): per unit, a board is
 * computed for the state its caller's stamp names (`whiteboard.ts` boardStamp: read from the
 * database on every request, so an append through any process is seen by the next request) at
 * the caller's clock, and served while the stamp is unchanged and the clock has moved on less
 * than `maxAgeMs` (a deadline crossing shows at most that late). Each reader gets the bytes of
 * its own view (`BoardReader.key`), rendered once per board. Requests that find no board share
 * the one computation under way; from `refreshAfterMs` on, the next board is computed while
 * this one is still served, and takes over once it and the views asked for are rendered.
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
    if (this.options.maxAgeMs === 0) return served(reader.render(await compute(now)));
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
    return out;
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
    return { stamp, at, board: compute(at), views: new Map() };
  }

  private view(generation: Generation<B>, board: B, reader: BoardReader<B>): ServedBoard {
    const key = reader.key(board);
    const kept = generation.views.get(key);
    if (kept !== undefined) return kept.served;
    const out = served(reader.render(board));
    if (generation.views.size < this.options.maxViews) {
      generation.views.set(key, { reader, served: out });
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
    next.board.then(
      (board) => {
        if (unit.next !== next) return;
        try {
          for (const { reader } of from.views.values()) this.view(next, board, reader);
        } catch {
          // A view that cannot be rendered is rendered again, and fails, for its own request.
          unit.next = undefined;
          return;
        }
        if (unit.current === from) {
          unit.current = next;
          unit.next = undefined;
        }
      },
      () => {
        // The next request computes the board itself (and answers with the error, if any).
        if (unit.next === next) unit.next = undefined;
      },
    );
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
