import pg from 'pg';
import type { Wakeups } from './live-bus.ts';

/** The PostgreSQL channel on which server processes announce their appends (no payload). */
export const APPEND_CHANNEL = 'custody_log';

const NOTIFY = `NOTIFY ${APPEND_CHANNEL}`;
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * Wake-ups between server processes on one PostgreSQL database, with LISTEN/NOTIFY (no other
 * service): one connection of its own listens; appends are announced through the pool. A listening
 * connection that cannot be opened or is lost is opened again (250 ms, doubling to 5 s) and, once
 * listening, wakes the bus, which reads on from the log whatever was appended meanwhile; until
 * then the bus's poll keeps it up to date. Never throws: failures go to `onError`.
 */
export function pgWakeups(pool: pg.Pool): Wakeups {
  // The backends this process announced on: a notification from one of them is this process's
  // own append, which its bus has read on from already (`LiveBus.appended`). A backend leaves the
  // set with its connection; a notification missed otherwise is still read by the bus's poll.
  const own = new Set<number>();
  const untrack = (c: pg.PoolClient & { processID?: number | null }) => {
    if (typeof c.processID === 'number') own.delete(c.processID);
  };
  pool.on('remove', untrack);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = RETRY_FIRST_MS;

  async function listen(wake: () => void, onError: (error: unknown) => void): Promise<void> {
    const c = new pg.Client(pool.options);
    let lost = false;
    const reconnect = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (error !== undefined) onError(error);
      if (client === c) client = null;
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      if (stopped) return;
      retry = setTimeout(() => void listen(wake, onError), delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    };
    c.on('error', reconnect);
    c.on('end', () => {
      reconnect();
    });
    c.on('notification', (message) => {
      if (!own.has(message.processId)) wake();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${APPEND_CHANNEL}`);
    } catch (error) {
      reconnect(error);
      return;
    }
    if (stopped) {
      await c.end();
      return;
    }
    client = c;
    delay = RETRY_FIRST_MS;
    wake();
  }

  return {
    start: (wake, onError) => listen(wake, onError),
    async announce() {
      const c = (await pool.connect()) as pg.PoolClient & { processID?: number | null };
      try {
        if (typeof c.processID === 'number') own.add(c.processID);
        await c.query(NOTIFY);
      } finally {
        c.release();
      }
    },
    async stop() {
      stopped = true;
      pool.off('remove', untrack);
      clearTimeout(retry);
      const c = client;
      client = null;
      if (c !== null) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
