import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import { runPrepared } from '../store/transaction.ts';
import type { Database } from './database.ts';

/** The most keys one statement asks for; more go in further statements at once. */
const KEYS_PER_STATEMENT = 256;

interface Waiting<R> {
  resolve(row: R | undefined): void;
  reject(error: unknown): void;
}

/**
 * Look-ups by key, those asked for in one turn of the event loop (the requests read in one poll
 * of the sockets) answered by one statement sent at the end of it (`setImmediate`): `load` gets
 * the distinct keys, at most {@link KEYS_PER_STATEMENT} at a time, and returns the rows it found
 * by key. For the statements every request sends to PostgreSQL, where each round trip costs the
 * server's thread more than the query's own work (docs/benchmarks.md, "Server CPU per HTTP append
 * on machine F"). Nothing is kept between turns: each look-up reads the database after it was
 * asked for, as a statement of its own would.
 */
export function perTurn<R>(
  load: (keys: string[]) => Promise<ReadonlyMap<string, R>>,
): (key: string) => Promise<R | undefined> {
  let waiting: Map<string, Waiting<R>[]> | null = null;

  function send(batch: Map<string, Waiting<R>[]>): void {
    const keys = [...batch.keys()];
    for (let at = 0; at < keys.length; at += KEYS_PER_STATEMENT) {
      const some = keys.slice(at, at + KEYS_PER_STATEMENT);
      Promise.resolve(some)
        .then(load)
        .then(
          (found) => {
            for (const key of some) for (const w of batch.get(key) ?? []) w.resolve(found.get(key));
          },
          (error: unknown) => {
            for (const key of some) for (const w of batch.get(key) ?? []) w.reject(error);
          },
        );
    }
  }

  return (key) => {
    let batch = waiting;
    if (batch === null) {
      const fresh = new Map<string, Waiting<R>[]>();
      batch = fresh;
      waiting = fresh;
      setImmediate(() => {
        waiting = null;
        send(fresh);
      });
    }
    const asked = batch;
    return new Promise<R | undefined>((resolve, reject) => {
      const same = asked.get(key);
      if (same === undefined) asked.set(key, [{ resolve, reject }]);
      else same.push({ resolve, reject });
    });
  };
}

/**
 * A look-up of one row by a text key, for the statements every request runs: compiled once per
 * database by `compile`, given the key's condition on `column`, and run prepared once
 * (`runPrepared`). On PostgreSQL the look-ups of one turn of the event loop go as one statement,
 * `column = any($1)` ({@link perTurn}; `keyOf` names each row's key), elsewhere one statement
 * each, `column = $1`.
 */
export function keyedLookUp<R>(
  column: string,
  compile: (database: Database, match: RawBuilder<boolean>) => CompiledQuery<R>,
  keyOf: (row: R) => string,
): (database: Database, key: string) => Promise<R | undefined> {
  const byDatabase = new WeakMap<Database, (key: string) => Promise<R | undefined>>();
  const lookUpIn = (database: Database): ((key: string) => Promise<R | undefined>) => {
    if (database.pgPool !== undefined) {
      const compiled = compile(
        database,
        sql<boolean>`${sql.ref(column)} = any(${[] as string[]}::text[])`,
      );
      return perTurn(async (keys) => {
        const query: CompiledQuery<R> = { ...compiled, parameters: [keys] };
        const { rows } = await runPrepared(database, query);
        return new Map(rows.map((row) => [keyOf(row), row] as const));
      });
    }
    const compiled = compile(database, sql<boolean>`${sql.ref(column)} = ${''}`);
    return async (key) => {
      const query: CompiledQuery<R> = { ...compiled, parameters: [key] };
      return (await runPrepared(database, query)).rows[0];
    };
  };
  return (database, key) => {
    let lookUp = byDatabase.get(database);
    if (lookUp === undefined) {
      lookUp = lookUpIn(database);
      byDatabase.set(database, lookUp);
    }
    return lookUp(key);
  };
}
