import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError } from './client.ts';

function recorder(response: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn((url: string, init?: RequestInit) => {
    calls.push({ url, init: init ?? {} });
    return Promise.resolve(response());
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

const headersOf = (init: RequestInit) => init.headers as Record<string, string>;

describe('ApiClient', () => {
  it('sends the CSRF token on unsafe methods only, with same-origin credentials', async () => {
    const { calls, fetch } = recorder(() => json(200, { ok: true }));
    const client = new ApiClient({ fetch });
    client.setCsrfToken('tok');
    await client.get('/units');
    await client.post('/units', { name: 'x' });
    await client.patch('/units/1', {});
    await client.delete('/tokens/1');
    expect(calls.map((c) => headersOf(c.init)['x-csrf-token'])).toEqual([
      undefined,
      'tok',
      'tok',
      'tok',
    ]);
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
    expect(calls[0]!.url).toBe('/api/v1/units');
    expect(calls[1]!.init.body).toBe('{"name":"x"}');
    expect(headersOf(calls[1]!.init)['content-type']).toBe('application/json');
  });

  it('sends the interface language as Accept-Language', async () => {
    const { calls, fetch } = recorder(() => json(200, {}));
    const client = new ApiClient({ fetch });
    client.setLanguage('en');
    await client.get('/session');
    expect(headersOf(calls[0]!.init)['accept-language']).toBe('en');
  });

  it('maps problem+json to ApiError with code, field errors and Retry-After', async () => {
    const { fetch } = recorder(() =>
      json(
        429,
        {
          type: 'about:blank',
          title: 'Locked',
          status: 429,
          detail: 'Try later',
          code: 'locked_out',
          errors: [{ path: 'username', message: 'bad' }],
        },
        { 'retry-after': '120' },
      ),
    );
    const error = await new ApiClient({ fetch }).post('/session', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect([e.status, e.code, e.detail, e.retryAfterSeconds]).toEqual([
      429,
      'locked_out',
      'Try later',
      120,
    ]);
    expect(e.fieldErrors).toEqual({ username: 'bad' });
  });

  it('calls the 401 handler unless the request opted out', async () => {
    const { fetch } = recorder(() => json(401, { code: 'unauthenticated', title: 'No' }));
    const client = new ApiClient({ fetch });
    const handler = vi.fn();
    client.onUnauthorized(handler);
    await expect(client.get('/users')).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(client.post('/session', {}, { authRedirect: false })).rejects.toBeInstanceOf(
      ApiError,
    );
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('turns a failed fetch into a network ApiError and a 204 into undefined', async () => {
    const failing = vi.fn(() => Promise.reject(new TypeError('down'))) as unknown as typeof fetch;
    await expect(new ApiClient({ fetch: failing }).get('/x')).rejects.toMatchObject({
      status: 0,
      code: 'network',
    });
    const { fetch } = recorder(() => new Response(null, { status: 204 }));
    await expect(new ApiClient({ fetch }).delete('/session')).resolves.toBeUndefined();
  });

  it('gives a non-JSON error response an http_<status> code', async () => {
    const { fetch } = recorder(() => new Response('<html>', { status: 502 }));
    await expect(new ApiClient({ fetch }).get('/x')).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
    });
  });
});
