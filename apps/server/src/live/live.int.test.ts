import type { Role } from '@custody/contracts';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { WALK } from '../../test/http/command-walk.ts';
import { custodyClient, signInAll, walk } from '../../test/http/custody-client.ts';
import { custodyHarness, type CustodyHarness } from '../../test/http/custody-harness.ts';
import type { SignedIn } from '../../test/http/harness.ts';

/** Opens an SSE stream and collects its text until `until` matches or the timeout passes. */
function readStream(
  port: number,
  path: string,
  headers: Record<string, string>,
  until: (text: string) => boolean,
  onOpen: () => Promise<void> = () => Promise.resolve(),
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res: IncomingMessage) => {
      let text = '';
      const done = () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      };
      const timer = setTimeout(done, 5000);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (until(text)) {
          clearTimeout(timer);
          done();
        }
      });
      onOpen().catch(reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const ids = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

describe.each(DIALECTS)('live updates (SSE) on %s', (dialect) => {
  let h: CustodyHarness;
  let users: Record<Role, SignedIn>;
  let port: number;

  beforeAll(async () => {
    h = await custodyHarness(dialect);
    users = await signInAll(h);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as AddressInfo).port;
  });
  afterAll(() => h.close());

  test('a record stream delivers a new event, and resumes from Last-Event-ID', async () => {
    const { recordId, version } = await walk(h, users, WALK.slice(0, 1));
    const c = custodyClient(h);
    const path = `/api/v1/records/${recordId}/stream`;
    const live = await readStream(
      port,
      path,
      { cookie: users.duty_inspector.cookie },
      (t) => t.includes('RegisterDetainee') || t.includes('DetaineeRegistered'),
      async () => {
        const r = await c.command(users.duty_inspector, recordId, 'RegisterDetainee', {
          occurredAt: h.clock.now().toISOString(),
          expectedVersion: version,
          payload: { custodyNumber: 'КР-77' },
        });
        expect(r.statusCode).toBe(201);
      },
    );
    expect(live.status).toBe(200);
    expect(live.text).toContain(': connected');
    const registered = ids(live.text);
    expect(registered).toHaveLength(1);
    const stored = await h.store.readStream(recordId);
    const first = stored[0]?.logIndex ?? -1;
    const resumed = await readStream(
      port,
      path,
      { cookie: users.duty_inspector.cookie, 'last-event-id': String(first) },
      (t) => ids(t).length >= 2,
    );
    expect(ids(resumed.text)).toEqual(stored.slice(1).map((e) => e.logIndex));
    expect(ids(resumed.text)).toContain(registered[0]);
  });

  test('with a browser’s Accept-Encoding the stream goes as it is and an event arrives at once', async () => {
    const { recordId, version } = await walk(h, users, WALK.slice(0, 1));
    let sent = 0;
    const live = await readStream(
      port,
      `/api/v1/records/${recordId}/stream`,
      { cookie: users.duty_inspector.cookie, 'accept-encoding': 'gzip, br' },
      (t) => t.includes('DetaineeRegistered'),
      async () => {
        sent = performance.now();
        const r = await custodyClient(h).command(
          users.duty_inspector,
          recordId,
          'RegisterDetainee',
          {
            occurredAt: h.clock.now().toISOString(),
            expectedVersion: version,
            payload: { custodyNumber: 'КР-78' },
          },
        );
        expect(r.statusCode).toBe(201);
      },
    );
    const waited = performance.now() - sent;
    expect(live.status).toBe(200);
    expect(live.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(live.headers['content-encoding']).toBeUndefined();
    expect(live.text).toContain('DetaineeRegistered');
    // A compressed stream would hold the event in the compressor until the stream ends (5 s).
    expect(waited).toBeLessThan(2000);
  });

  test('the whiteboard stream replays only its unit; other units are refused', async () => {
    const { recordId } = await walk(h, users, []);
    const opened = (await h.store.readStream(recordId))[0]?.logIndex ?? -1;
    const replay = await readStream(
      port,
      `/api/v1/units/${h.units.own}/whiteboard/stream`,
      { cookie: users.custody_inspector.cookie, 'last-event-id': String(opened - 1) },
      (t) => ids(t).includes(opened),
    );
    expect(ids(replay.text)).toEqual([opened]);
    const stranger = await h.signIn('duty_inspector', { unitId: h.units.other });
    const denied = await h.app.inject({
      method: 'GET',
      url: `/api/v1/units/${h.units.own}/whiteboard/stream`,
      headers: { cookie: stranger.cookie },
    });
    expect(denied.statusCode).toBe(403);
  });
});
