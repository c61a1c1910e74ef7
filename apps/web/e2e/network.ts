import type { Page } from 'playwright-core';

/** A mobile link as a tablet in a patrol car or a rural unit has it (Chrome DevTools' "Fast 3G"). */
export const MOBILE_3G = {
  label: '3G (1.6 Mbit/s down, 750 kbit/s up, 150 ms latency)',
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
} as const;

/** One response of a page load as Chromium's network layer saw it. */
export interface LoadedResponse {
  readonly url: string;
  readonly status: number;
  readonly encoding: string | undefined;
  readonly cacheControl: string | undefined;
  /** Served from the memory or disk cache, without the network. */
  readonly fromCache: boolean;
  /** Bytes received over the network, headers included (CDP encodedDataLength). */
  readonly wireBytes: number;
  /** The body's bytes after content decoding. */
  readonly decodedBytes: number;
}

export interface Load {
  /** From navigation until `ready` resolved. */
  readonly ms: number;
  readonly wireBytes: number;
  readonly responses: readonly LoadedResponse[];
}

const header = (headers: Record<string, string>, name: string): string | undefined =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

/**
 * Loads `url` in `page` over an emulated mobile link (CDP `Network.emulateNetworkConditions`)
 * and reports every response: its content coding, cache policy and bytes on the wire.
 */
export async function loadOverMobile(
  page: Page,
  url: string,
  ready: () => Promise<void>,
  link: Omit<typeof MOBILE_3G, 'label'> = MOBILE_3G,
): Promise<Load> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...link });
  const seen = new Map<string, { -readonly [K in keyof LoadedResponse]: LoadedResponse[K] }>();
  const cached = new Set<string>();
  cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    const r = e.response;
    seen.set(e.requestId, {
      url: r.url,
      status: r.status,
      encoding: header(r.headers, 'content-encoding'),
      cacheControl: header(r.headers, 'cache-control'),
      fromCache: r.fromDiskCache === true || cached.has(e.requestId),
      wireBytes: 0,
      decodedBytes: 0,
    });
  });
  cdp.on('Network.dataReceived', (e) => {
    const r = seen.get(e.requestId);
    if (r !== undefined) r.decodedBytes += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = seen.get(e.requestId);
    if (r !== undefined) r.wireBytes = r.fromCache ? 0 : e.encodedDataLength;
  });
  const started = performance.now();
  await page.goto(url);
  await ready();
  const ms = performance.now() - started;
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  const responses = [...seen.values()];
  return { ms, wireBytes: responses.reduce((n, r) => n + r.wireBytes, 0), responses };
}
