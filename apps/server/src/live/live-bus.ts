import type { LiveRecordEvent } from '@custody/contracts';
import { isDeviceStream } from '../devices/device-stream.ts';
import { isAccessStream, isUnitPolicyStream } from '../streams.ts';
import { toLive, type FeedEntry, type LiveFeed } from './live-feed.ts';

export type LiveListener = (event: LiveRecordEvent) => void;

/**
 * Wake-ups from other server processes: `start` begins listening and calls `wake` on each of
 * their appends (and after a lost connection is back, since notifications may have been missed);
 * `announce` tells the others about an append of this process.
 */
export interface Wakeups {
  start(wake: () => void, onError: (error: unknown) => void): Promise<void>;
  announce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The live updates of one server process: it follows the log past the last entry it delivered
 * and hands each entry of a custody record, with the record's unit, to its subscribers, once and
 * in log order, whichever process appended it. The log is the only source: a notification
 * only says "read on", so one that is missed delays delivery until the next one or the next poll,
 * and loses nothing.
 */
export interface LiveBus {
  /** Reads the log's size: entries after it are delivered. Call once before serving. */
  start(): Promise<void>;
  /**
   * This process appended (and projected): read on now, and tell the other processes. `size`, the
   * log's size once the append is in, saves the read of it while nobody listens.
   */
  appended(size?: number): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: LiveListener): () => void;
  /** Called once when the bus closes (app shutdown), so open streams can end. */
  onClose(listener: () => void): () => void;
  close(): Promise<void>;
  readonly closed: boolean;
}

export interface LiveBusOptions {
  readonly feed: LiveFeed;
  /** Other processes' appends (PostgreSQL LISTEN/NOTIFY); none for a single process. */
  readonly wakeups?: Wakeups;
  /** Reads on at least this often, for a notification that never came; 0 for never. */
  readonly pollMs?: number;
  /**
   * How long an entry whose record has no summary yet is waited for before it is passed over:
   * the summary of a record is written with, or right after, its first entry.
   */
  readonly holdMs?: number;
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
}

const PAGE = 500;

/** The live bus of one process over the log (see {@link LiveBus}). */
export function createLiveBus(options: LiveBusOptions): LiveBus {
  const { feed, wakeups } = options;
  const now = options.now ?? (() => performance.now());
  const holdMs = options.holdMs ?? 2000;
  const onError = options.onError ?? (() => undefined);
  const listeners = new Set<LiveListener>();
  const closers = new Set<() => void>();
  let closed = false;
  let delivered = -1;
  let started = false;
  let reading = false;
  let again = false;
  let holding: { index: number; since: number } | null = null;
  let announcing: Promise<void> | null = null;
  let announceAgain = false;
  let poll: ReturnType<typeof setInterval> | undefined;

  /** Whether the entry can be delivered now, or must wait for its record's summary. */
  function ready(entry: FeedEntry): 'deliver' | 'skip' | 'wait' {
    if (entry.unitId !== null) return 'deliver';
    const stream = entry.event.recordId;
    if (isAccessStream(stream) || isDeviceStream(stream) || isUnitPolicyStream(stream)) {
      return 'skip';
    }
    const index = entry.event.logIndex;
    if (holding?.index !== index) holding = { index, since: now() };
    return now() - holding.since >= holdMs ? 'skip' : 'wait';
  }

  async function drain(): Promise<void> {
    if (listeners.size === 0) {
      delivered = Math.max(delivered, (await feed.size()) - 1);
      return;
    }
    for (;;) {
      const page = await feed.read(delivered + 1, PAGE);
      for (const entry of page) {
        const verdict = ready(entry);
        if (verdict === 'wait') return;
        delivered = entry.event.logIndex;
        const live = verdict === 'deliver' ? toLive(entry) : null;
        if (live !== null) for (const l of [...listeners]) l(live);
      }
      if (page.length < PAGE) return;
    }
  }

  async function readOn(): Promise<void> {
    if (!started || closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      again = true;
      while (again && !bus.closed) {
        again = false;
        await drain();
      }
    } catch (error) {
      onError(error);
    } finally {
      reading = false;
    }
  }

  /**
   * Tells the other processes, once for every append of this turn of the event loop: a group
   * commit answers its appends together and each calls `appended`, so the notification is sent
   * at the end of the turn (`setImmediate`) and covers every append reported before it is sent;
   * one reported while it is on its way gets one more after it. Sent at once, the first append of
   * a group sent one and the rest of the group another (1.8 per group commit, more statements
   * than the group's own; docs/benchmarks.md, "Server CPU per HTTP append on machine F").
   */
  function announce(): void {
    if (wakeups === undefined || closed) return;
    if (announcing !== null) {
      announceAgain = true;
      return;
    }
    const w = wakeups;
    announcing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => {
        announceAgain = false;
        return w.announce();
      })
      .catch(onError)
      .finally(() => {
        announcing = null;
        if (announceAgain) {
          announceAgain = false;
          announce();
        }
      });
  }

  const bus: LiveBus = {
    async start() {
      if (started) return;
      delivered = (await feed.size()) - 1;
      started = true;
      if (wakeups !== undefined) await wakeups.start(() => void readOn(), onError);
      const pollMs = options.pollMs ?? 1000;
      if (pollMs > 0) {
        poll = setInterval(() => void readOn(), pollMs);
        poll.unref();
      }
    },
    appended(size) {
      // Nobody to deliver to: a listener that comes starts after this append, as it would after
      // reading the log's size.
      if (size !== undefined && listeners.size === 0 && started && !reading) {
        delivered = Math.max(delivered, size - 1);
      } else {
        void readOn();
      }
      announce();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose(listener) {
      if (closed) {
        listener();
        return () => undefined;
      }
      closers.add(listener);
      return () => closers.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      listeners.clear();
      for (const c of [...closers]) c();
      closers.clear();
      await announcing;
      await wakeups?.stop();
    },
    get closed() {
      return closed;
    },
  };
  return bus;
}
