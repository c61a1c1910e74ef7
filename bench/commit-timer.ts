import BetterSqlite3 from 'better-sqlite3';

/**
 * Time the server's thread spends in SQLite's COMMIT: better-sqlite3 runs statements on the
 * calling thread, and a COMMIT under `synchronous=FULL` waits there for the WAL's fsync, so
 * nothing else of the server runs meanwhile. What moving the write connection to a thread of its
 * own could give back to the event loop (docs/benchmarks.md). Counts every connection of this
 * process from the import of this module on; `since` reads the time and count from a mark.
 */
let blockedNs = 0n;
let commits = 0;

type Prepare = (this: BetterSqlite3.Database, source: string) => BetterSqlite3.Statement;
const proto = BetterSqlite3.prototype as unknown as { prepare: Prepare };
const prepare = proto.prepare;
proto.prepare = function (this: BetterSqlite3.Database, source: string) {
  const statement = prepare.call(this, source);
  if (!/^\s*COMMIT\b/i.test(source)) return statement;
  const run = statement.run.bind(statement);
  statement.run = (...params: unknown[]) => {
    const started = process.hrtime.bigint();
    try {
      return run(...params);
    } finally {
      blockedNs += process.hrtime.bigint() - started;
      commits += 1;
    }
  };
  return statement;
};

export interface CommitMark {
  readonly ns: bigint;
  readonly commits: number;
}

export const commitMark = (): CommitMark => ({ ns: blockedNs, commits });

/** Milliseconds in COMMIT and COMMITs run since `mark`. */
export function commitsSince(mark: CommitMark): { ms: number; commits: number } {
  return { ms: Number(blockedNs - mark.ns) / 1e6, commits: commits - mark.commits };
}
