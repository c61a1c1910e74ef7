import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.ts';

export type { components, operations, paths } from './schema.ts';

/** What a client needs: the server's address, and an API token for a system integration. */
export interface CustodyClientOptions {
  /** e.g. `https://custody.example` (the API lives under `/api/v1`). */
  readonly baseUrl: string;
  /** An API token (`cr_…`), sent as `Authorization: Bearer`; none for the public routes. */
  readonly token?: string;
  /** Another fetch (tests, proxies); the global one by default. */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * A typed client of the Custody Records API: every path, parameter, body and answer (the
 * problem+json codes of each status included) is typed from the OpenAPI document the server
 * publishes at /api/openapi.json (generated into `schema.ts` by openapi-typescript).
 */
export function createCustodyClient(options: CustodyClientOptions): Client<paths> {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const { token } = options;
  if (token !== undefined) {
    const bearer: Middleware = {
      onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}
