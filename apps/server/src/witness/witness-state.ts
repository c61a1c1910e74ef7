import Sqlite from 'better-sqlite3';

/** What a witness holds of one log: the checkpoint it last cosigned (c2sp.org/tlog-witness). */
export interface WitnessedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  /** The log's signed note as received (without the witness's cosignature). */
  readonly note: string;
}

/** A refused request, kept as evidence (c2sp.org/tlog-witness: a witness MAY keep them). */
export interface Refusal {
  readonly at: string;
  readonly origin: string | null;
  readonly status: number;
  readonly reason: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS witness_checkpoints (
  origin TEXT PRIMARY KEY,
  size INTEGER NOT NULL CHECK (size >= 0),
  root BLOB NOT NULL CHECK (length(root) = 32),
  note TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER IF NOT EXISTS witness_never_shrinks BEFORE UPDATE ON witness_checkpoints
  WHEN NEW.size < OLD.size OR (NEW.size = OLD.size AND NEW.root <> OLD.root) OR NEW.origin <> OLD.origin
  BEGIN SELECT RAISE(ABORT, 'a witness never goes back or forks'); END;
CREATE TRIGGER IF NOT EXISTS witness_never_forgets BEFORE DELETE ON witness_checkpoints
  BEGIN SELECT RAISE(ABORT, 'a witness never forgets a log'); END;
CREATE TABLE IF NOT EXISTS witness_refusals (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  origin TEXT,
  status INTEGER NOT NULL,
  reason TEXT NOT NULL,
  body TEXT NOT NULL
) STRICT;
`;

interface Row {
  origin: string;
  size: number;
  root: Buffer;
  note: string;
}

/**
 * A witness's own state in its own SQLite file (WAL, synchronous=FULL: a transaction is on disk
 * when COMMIT returns). One row per log, only ever moved forward (triggers refuse going back, a
 * fork at the same size and a delete); every check-and-update runs in one IMMEDIATE
 * transaction, so two requests, even from two processes, cannot both advance from the same size
 * and the later one roll the other back.
 */
export class WitnessState {
  readonly #db: Sqlite.Database;

  constructor(file: string) {
    this.#db = new Sqlite(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
  }

  /** The checkpoint last cosigned for `origin`, or null (size 0: nothing yet). */
  latest(origin: string): WitnessedCheckpoint | null {
    const row = this.#db
      .prepare<[string], Row>(
        'SELECT origin, size, root, note FROM witness_checkpoints WHERE origin = ?',
      )
      .get(origin);
    return row === undefined ? null : { ...row, root: new Uint8Array(row.root) };
  }

  /**
   * Runs `decide` on the stored checkpoint inside one write transaction; when it returns a
   * checkpoint, that one is stored before the transaction commits (and so before the caller
   * answers). Whatever `decide` throws rolls back and propagates.
   */
  advance<T>(
    origin: string,
    decide: (stored: WitnessedCheckpoint | null) => { next: WitnessedCheckpoint | null; result: T },
    now: string,
  ): T {
    const run = this.#db.transaction(() => {
      const { next, result } = decide(this.latest(origin));
      if (next !== null) {
        this.#db
          .prepare(
            `INSERT INTO witness_checkpoints (origin, size, root, note, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root,
               note = excluded.note, updated_at = excluded.updated_at`,
          )
          .run(next.origin, next.size, Buffer.from(next.root), next.note, now);
      }
      return result;
    });
    return run.immediate();
  }

  /** Keeps a refused request as evidence. */
  refused(r: Refusal, body: string): void {
    this.#db
      .prepare(
        'INSERT INTO witness_refusals (at, origin, status, reason, body) VALUES (?, ?, ?, ?, ?)',
      )
      .run(r.at, r.origin, r.status, r.reason, body.slice(0, 65_536));
  }

  /** The refusals kept, newest first. */
  refusals(limit = 100): Refusal[] {
    return this.#db
      .prepare<[number], Refusal>(
        'SELECT at, origin, status, reason FROM witness_refusals ORDER BY id DESC LIMIT ?',
      )
      .all(limit);
  }

  close(): void {
    this.#db.close();
  }
}
