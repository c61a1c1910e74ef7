import type { Database } from '../db/database.ts';
import { createLiveBus, type LiveBus } from './live-bus.ts';
import { logFeed } from './live-feed.ts';
import { pgWakeups } from './pg-wakeups.ts';

/**
 * The started live bus of a server process on `database`: it follows the log, and on PostgreSQL
 * hears the appends of the other server processes (LISTEN/NOTIFY). SQLite serves one process
 * (ops/single-server.ts), so its own appends are all there is to hear.
 */
export async function openLiveBus(
  database: Database,
  options: { onError?: (error: unknown) => void; pollMs?: number } = {},
): Promise<LiveBus> {
  const pool = database.pgPool;
  const bus = createLiveBus({
    feed: logFeed(database),
    ...(pool === undefined ? {} : { wakeups: pgWakeups(pool) }),
    ...options,
  });
  await bus.start();
  return bus;
}
