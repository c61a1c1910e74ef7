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
