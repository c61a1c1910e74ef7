import fastifyStatic from '@fastify/static';
import { sep } from 'node:path';
import type { App } from './types.ts';

/** Content-hashed files: a new build gives new names, so a copy never needs checking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, icons): cached, but checked before each use. */
export const REVALIDATE = 'no-cache';

/** Vite writes content-hashed names, and only those, under `assets/`. */
const isHashed = (root: string, path: string): boolean =>
  path.startsWith(`${root}${sep}assets${sep}`);

/**
 * Serves the built web app (RFC 9111 caching, RFC 9110 content coding): each file in the smallest
 * copy the browser accepts (brotli, gzip or as is; the copies are made at build time by
 * apps/web/scripts/precompress.mjs, not per request), content-hashed files as immutable for a year
 * and the rest revalidated, so a tablet on a slow network fetches the app's code once per release.
 */
export async function registerWebApp(app: App, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    setHeaders(reply, path) {
      void reply.header('cache-control', isHashed(root, path) ? IMMUTABLE : REVALIDATE);
    },
  });
}
