import type { LiveRecordEvent } from '@custody/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveBus } from './live-bus.ts';
import { toLive, type LiveFeed } from './live-feed.ts';

/** Which events of custody records a stream carries. */
export type StreamFilter = (e: LiveRecordEvent) => boolean;

export interface SseOptions {
  readonly feed: LiveFeed;
  readonly live: LiveBus;
  readonly heartbeatMs: number;
  /** The open streams of this app, ended when it closes. */
  readonly open: Set<() => void>;
}

const REPLAY_PAGE = 500;

/** `Last-Event-ID` as a log index: replay starts after it; none means live only. */
export function lastEventId(request: FastifyRequest): number | null {
  const h = request.headers['last-event-id'];
  if (typeof h !== 'string' || !/^\d{1,15}$/.test(h)) return null;
  return Number(h);
}

function frame(e: LiveRecordEvent): string {
  return `id: ${e.logIndex}\nevent: record\ndata: ${JSON.stringify(e)}\n\n`;
}

/**
 * Serves a text/event-stream (WHATWG HTML "Server-sent events"): every event carries
 * `id: <logIndex>`; a client that reconnects with `Last-Event-ID` first gets what it missed,
 * replayed from the log, then live events from the bus, each once and in log order; comments
 * keep proxies from closing an idle stream. Ends when the client leaves or the app closes.
 */
export async function serveEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  filter: StreamFilter,
  options: SseOptions,
): Promise<void> {
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 3000\n: connected\n\n');
  let sent = lastEventId(request) ?? -1;
  let replaying = true;
  const pending: LiveRecordEvent[] = [];
  const send = (e: LiveRecordEvent) => {
    if (e.logIndex <= sent) return;
    sent = e.logIndex;
    raw.write(frame(e));
  };
  const unsubscribe = options.live.subscribe((e) => {
    if (!filter(e)) return;
    if (replaying) pending.push(e);
    else send(e);
  });
  const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), options.heartbeatMs);
  const end = () => {
    clearInterval(heartbeat);
    unsubscribe();
    options.open.delete(end);
    if (!raw.writableEnded) raw.end();
  };
  options.open.add(end);
  request.raw.on('close', end);
  if (lastEventId(request) !== null) await replay(options.feed, sent + 1, filter, send);
  replaying = false;
  for (const e of pending.sort((a, b) => a.logIndex - b.logIndex)) send(e);
}

/** What the stream missed, from the log: each entry with its record's unit as it is now. */
async function replay(
  feed: LiveFeed,
  from: number,
  filter: StreamFilter,
  send: (e: LiveRecordEvent) => void,
): Promise<void> {
  for (let at = from; ;) {
    const page = await feed.read(at, REPLAY_PAGE);
    for (const entry of page) {
      const live = toLive(entry);
      if (live !== null && filter(live)) send(live);
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < REPLAY_PAGE) return;
    at = last.event.logIndex + 1;
  }
}
