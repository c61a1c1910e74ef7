import fastifyCompress from '@fastify/compress';
import { constants } from 'node:zlib';
import type { App } from './types.ts';

/** Answers smaller than this many bytes go as they are: an error, a session, a small list. */
export const COMPRESS_THRESHOLD = 1024;

/**
 * Brotli's quality for dynamic answers. On the busiest record page of the demo, qualities 0-3
 * cost less CPU per byte saved than gzip at any level, and 3 gives the smallest answer before
 * the cost doubles (docs/benchmarks.md, "Compressed API answers"); zlib's default, 11, costs
 * more than 200 times as much.
 */
export const BROTLI_QUALITY = 3;

/**
 * Answers up to this many bytes are compressed in one call on the event loop rather than through
 * a compression stream on libuv's pool (the library's default on 2 cores: above 8 KiB). For the
 * busiest record page of the demo (85 KB) the stream cost the server about a quarter more CPU per
 * request than sending it uncompressed, and more event-loop time too; the one call costs about
 * what it saves in socket writes (docs/benchmarks.md). Brotli at {@link BROTLI_QUALITY} takes
 * about 1 ms of the loop for 256 KiB; larger answers (a long list, an extract) are streamed.
 */
export const SYNC_THRESHOLD = 256 * 1024;

/** JSON (`application/json`, `application/problem+json`, ...) and text, but never an event stream. */
const COMPRESSIBLE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)|^text\/(?!event-stream)/i;

/**
 * Compressed answers (RFC 9110 §8.4) for the clients that accept them, by @fastify/compress:
 * brotli, else gzip, as `Accept-Encoding` allows, for the answers of GET routes of at least
 * {@link COMPRESS_THRESHOLD} bytes whose type is JSON or text.
 *
 * Left alone, each for its own reason:
 * - answers of other methods: the append path's answers are receipts (hashes, signatures, the
 *   signed checkpoint), 0.9 to 4 KB and growing with the log, on the path that must stay cheapest;
 *   and the answers that carry a secret (sign-in's CSRF token, a new API token) are POST answers,
 *   so no compressed answer puts a secret beside what a request reflects (BREACH);
 * - `GET /api/v1/session`, which repeats the CSRF token (`compress: false` on its route);
 * - the web app's files (registered before this, `web-app.ts`): compressed once at build time;
 * - the whiteboard, which gzips once per board and keeps the bytes (`compress: false` on its route);
 * - server-sent events: the live routes write to the socket themselves (`reply.hijack()`), so no
 *   `onSend` hook sees them, and `text/event-stream` is never a compressible type here;
 * - binary types (log tiles, attachments, PDFs): hashes and images do not shrink.
 *
 * Request bodies are not decompressed (`globalDecompression: false`): no client of the API sends
 * them compressed, and inflating them would be one more way in for hostile input.
 * Registered before every API route: the library adds its hook to the routes registered after it.
 */
export async function registerCompression(app: App): Promise<void> {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.compress === undefined && !methods.every((m) => m === 'GET' || m === 'HEAD')) {
      route.compress = false;
    }
  });
  await app.register(fastifyCompress, {
    globalDecompression: false,
    threshold: COMPRESS_THRESHOLD,
    syncThreshold: SYNC_THRESHOLD,
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    brotliOptions: {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    },
  });
}
