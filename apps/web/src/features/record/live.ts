import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { LiveRecordEvent } from '@custody/contracts';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/** The retry delay after `attempt` consecutive failures (capped back-off). */
export function retryDelay(attempt: number): number {
  return RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 30_000;
}

/** Parses the data of one SSE `record` event; null when it is not one (a proxy page, garbage). */
export function parseLiveEvent(data: unknown): LiveRecordEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const value = JSON.parse(data) as Partial<LiveRecordEvent>;
    return typeof value.recordId === 'string' && typeof value.logIndex === 'number'
      ? (value as LiveRecordEvent)
      : null;
  } catch {
    return null;
  }
}

/**
 * Follows a server-sent event stream (WHATWG HTML "Server-sent events"). While the browser
 * reconnects by itself it sends `Last-Event-ID` and the server replays what was missed; when the
 * stream is closed for good (a 5xx, a restart) a new EventSource is opened after a back-off, and
 * `onResync` is called on every (re)open so the screen reloads its snapshot and nothing is lost.
 */
export function useLiveStream(
  url: string | null,
  onEvent: (event: LiveRecordEvent) => void,
  onResync: () => void,
): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handlers = useRef({ onEvent, onResync });
  handlers.current = { onEvent, onResync };

  useEffect(() => {
    if (url === null) return;
    let source: EventSource | undefined;
    let timer: number | undefined;
    let failures = 0;
    let opened = false;
    const connect = () => {
      source = new EventSource(url, { withCredentials: true });
      source.addEventListener('open', () => {
        if (opened) handlers.current.onResync();
        opened = true;
        failures = 0;
        setState('live');
      });
      source.addEventListener('record', (message) => {
        const event = parseLiveEvent(message.data);
        if (event) handlers.current.onEvent(event);
      });
      source.addEventListener('error', () => {
        setState('reconnecting');
        if (source?.readyState !== EventSource.CLOSED) return;
        source.close();
        timer = window.setTimeout(connect, retryDelay(failures++));
      });
    };
    connect();
    return () => {
      window.clearTimeout(timer);
      source?.close();
    };
  }, [url]);
  return state;
}

/**
 * Keeps the queries under `queryKey` fresh from a live stream: every event, and every reopening
 * of the stream (when events may have been missed), invalidates them and the screen refetches.
 */
export function useLiveInvalidation(url: string | null, queryKey: QueryKey): LiveState {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey });
  };
  return useLiveStream(url, refresh, refresh);
}
