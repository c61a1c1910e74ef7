import type { CommandResult, Role } from '@custody/contracts';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WALK } from '../../test/http/command-walk.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import { signInAll, walk } from '../../test/http/custody-client.ts';
import { signInThroughApi, TEST_PASSWORD, type SignedIn } from '../../test/http/harness.ts';
import { createUser } from '../accounts/index.ts';
import { COMPRESS_THRESHOLD, SYNC_THRESHOLD } from './compression.ts';

interface Got {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as it came over the wire, nothing decoded. */
  readonly wire: Buffer;
  /** The body decoded as its content-encoding says. */
  readonly text: string;
}

const json = (text: string): unknown => JSON.parse(text) as unknown;

/**
 * Compressed API answers (http/compression.ts) over real HTTP: the server listens on loopback
 * and is asked with node:http, which decodes nothing, so each test sees the bytes on the wire.
 */
describe('compressed API answers', () => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;
  let port = 0;

  beforeAll(async () => {
    h = await custodyHarness('sqlite');
    users = await signInAll(h);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as AddressInfo).port;
  });
  afterAll(() => h.close());

  function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Got> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers:
            payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const wire = Buffer.concat(chunks);
            const coding = res.headers['content-encoding'];
            const bytes =
              coding === 'br'
                ? brotliDecompressSync(wire)
                : coding === 'gzip'
                  ? gunzipSync(wire)
                  : wire;
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              wire,
              text: bytes.toString('utf8'),
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  const get = (as: SignedIn, path: string, accept?: string) =>
    send('GET', path, {
      cookie: as.cookie,
      ...(accept === undefined ? {} : { 'accept-encoding': accept }),
    });

  test('a record with many entries comes back brotli or gzip as Accept-Encoding allows, decoding to the same JSON', async () => {
    const { recordId } = await walk(h, users, WALK);
    const path = `/api/v1/records/${recordId}`;
    const plain = await get(users.custody_inspector, path);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.wire.length).toBeGreaterThan(8 * COMPRESS_THRESHOLD);

    const br = await get(users.custody_inspector, path, 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/^application\/json/);
    expect(br.wire.length).toBeLessThan(plain.wire.length / 3);
    // Compressed in one call (below SYNC_THRESHOLD), so its length is known before it is sent.
    expect(br.headers['content-length']).toBe(String(br.wire.length));
    expect(json(br.text)).toEqual(json(plain.text));

    const gzip = await get(users.custody_inspector, path, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.wire.length).toBeLessThan(plain.wire.length / 3);
    expect(json(gzip.text)).toEqual(json(plain.text));

    const identity = await get(users.custody_inspector, path, 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.text).toBe(plain.text);
  });

  test('an answer above the one-call limit is streamed through the compressor, whole', async () => {
    const path = '/api/openapi.json';
    const plain = await get(users.duty_inspector, path);
    expect(plain.status).toBe(200);
    expect(plain.wire.length).toBeGreaterThan(SYNC_THRESHOLD);
    const br = await get(users.duty_inspector, path, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['transfer-encoding']).toBe('chunked');
    expect(br.text).toBe(plain.text);
  });

  test('the session, which repeats the CSRF token, is never compressed, even above the threshold', async () => {
    // A display name longer than the API allows (200), written past it, takes the answer over
    // the threshold: the route's own setting must keep the token out of any compressed answer.
    const username = 'long-name';
    const { id: userId } = await createUser(h.database, {
      username,
      password: TEST_PASSWORD,
      displayName: 'Д'.repeat(COMPRESS_THRESHOLD),
      role: 'detaining_officer',
      unitId: h.units.own,
    });
    const signed = await signInThroughApi(h.app, h.clock, { userId, username, withTotp: false });
    const session = await get(signed, '/api/v1/session', 'gzip, deflate, br');
    expect(session.status).toBe(200);
    expect(session.wire.length).toBeGreaterThan(COMPRESS_THRESHOLD);
    expect(session.headers['content-encoding']).toBeUndefined();
    expect((json(session.text) as { csrfToken: string }).csrfToken).toBe(signed.csrf);
  });

  test('a small answer and problem+json errors go as they are', async () => {
    const session = await get(users.duty_inspector, '/api/v1/session', 'gzip, deflate, br');
    expect(session.status).toBe(200);
    expect(session.wire.length).toBeLessThan(COMPRESS_THRESHOLD);
    expect(session.headers['content-encoding']).toBeUndefined();

    const { recordId } = await walk(h, users, WALK.slice(0, 2));
    const problems = [
      // Unknown record, and a caller refused (the 403 names permission, roles and scopes).
      await get(users.duty_inspector, '/api/v1/records/no-such-record', 'gzip, deflate, br'),
      await get(users.admin, '/api/v1/records', 'gzip, deflate, br'),
      await send(
        'POST',
        `/api/v1/records/${recordId}/commands/RecordCellCheck`,
        { ...users.duty_inspector.headers, 'accept-encoding': 'gzip, deflate, br' },
        { occurredAt: 'yesterday', expectedVersion: 0, payload: {} },
      ),
    ];
    expect(problems.map((p) => p.status)).toEqual([404, 403, 400]);
    for (const p of problems) {
      expect(p.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(p.headers['content-encoding']).toBeUndefined();
      expect(p.wire.length).toBeLessThan(COMPRESS_THRESHOLD);
    }
  });

  test('the append path answers as it is, even a batch above the threshold', async () => {
    const browser = (as: SignedIn) => ({ ...as.headers, 'accept-encoding': 'gzip, deflate, br' });
    const at = (minutesAgo: number) =>
      new Date(h.clock.now().getTime() - minutesAgo * 60_000).toISOString();
    const { recordId, version } = await walk(h, users, WALK.slice(0, 2));
    const check = (minutesAgo: number) => ({
      type: 'RecordCellCheck',
      occurredAt: at(minutesAgo),
      payload: { condition: 'Спить', roused: false, concern: false },
    });
    const batch = await send(
      'POST',
      `/api/v1/records/${recordId}/batch`,
      browser(users.duty_inspector),
      {
        expectedVersion: version,
        commands: [check(4), check(3), check(2), check(1)],
      },
    );
    expect(batch.status).toBe(201);
    expect(batch.headers['content-encoding']).toBeUndefined();
    expect(batch.wire.length).toBeGreaterThan(COMPRESS_THRESHOLD);
    const one = await send(
      'POST',
      `/api/v1/records/${recordId}/commands/RecordCellCheck`,
      browser(users.duty_inspector),
      { occurredAt: at(0), expectedVersion: version + 4, payload: check(0).payload },
    );
    expect(one.status).toBe(201);
    expect((JSON.parse(one.text) as CommandResult).version).toBe(version + 5);
    expect(one.headers['content-encoding']).toBeUndefined();
  });

  test('the whiteboard keeps its own gzip and its ETag: 304 when unchanged, never brotli from the library', async () => {
    await walk(h, users, WALK.slice(0, 2));
    const path = `/api/v1/units/${h.units.own}/whiteboard`;
    const gz = await get(users.duty_inspector, path, 'gzip, br');
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    const etag = gz.headers['etag'] ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const unchanged = await send('GET', path, {
      cookie: users.duty_inspector.cookie,
      'accept-encoding': 'gzip, br',
      'if-none-match': etag,
    });
    expect(unchanged.status).toBe(304);
    expect(unchanged.wire.length).toBe(0);

    // A client that takes brotli only gets the board as it is, under an ETag of its own.
    const brOnly = await get(users.duty_inspector, path, 'br');
    expect(brOnly.status).toBe(200);
    expect(brOnly.headers['content-encoding']).toBeUndefined();
    expect(brOnly.text).toBe(gz.text);
    expect(brOnly.headers['etag']).not.toBe(etag);
    const again = await send('GET', path, {
      cookie: users.duty_inspector.cookie,
      'accept-encoding': 'br',
      'if-none-match': brOnly.headers['etag'] ?? '',
    });
    expect(again.status).toBe(304);
  });
});
