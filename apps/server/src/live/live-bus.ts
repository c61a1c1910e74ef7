import type { LiveRecordEvent } from '@custody/contracts';
import type { StoredEvent } from '../store/index.ts';

/** What the bus and the SSE streams carry of an event of a record's stream (its id is the record's). */
export function liveEvent(e: StoredEvent, unitId: string): LiveRecordEvent {
  return {
    logIndex: e.logIndex,
    recordId: e.streamId,
    unitId,
    eventId: e.id,
    type: e.type,
    version: e.streamVersion,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
  };
}

export type LiveListener = (event: LiveRecordEvent) => void;

/** The in-process publish/subscribe bus fed after each successful append to a custody record. */
export interface LiveBus {
  publish(event: LiveRecordEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: LiveListener): () => void;
  /** Called once when the bus closes (app shutdown), so open streams can end. */
  onClose(listener: () => void): () => void;
  close(): void;
  readonly closed: boolean;
}

/** A bus for one server process; SSE subscribers replay what they missed from the log. */
export function createLiveBus(): LiveBus {
  const listeners = new Set<LiveListener>();
  const closers = new Set<() => void>();
  let closed = false;
  return {
    publish(event) {
      for (const l of [...listeners]) l(event);
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
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      for (const c of [...closers]) c();
      closers.clear();
    },
    get closed() {
      return closed;
    },
  };
}
