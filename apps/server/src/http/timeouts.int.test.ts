import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { harness, type Harness } from '../../test/http/harness.ts';

/** What the server sent on a raw socket until it closed it, and whether it did within `ms`. */
function untilClosed(socket: Socket, ms: number): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ data, closed: false });
    }, ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data, closed: true });
    });
  });
}

describe.each(DIALECTS)('socket timeouts over a real socket on %s', (dialect) => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await harness(dialect, {
      config: { timeouts: { headers: 1, request: 2, idle: 3, keepAlive: 1 } },
    });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    port = address.port;
  });
  afterAll(() => h.close());

  const open = () => connect({ port, host: '127.0.0.1' });

  test('a body that never finishes is answered 408 and its socket closed', async () => {
    const socket = open();
    socket.write(
      'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"username":"a',
    );
    // Still trickling a byte a second: the deadline is for the whole request, not each read.
    const drip = setInterval(() => socket.write('a'), 1000);
    const r = await untilClosed(socket, 10_000);
    clearInterval(drip);
    expect(r.closed).toBe(true);
    expect(r.data).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('headers that never finish are answered 408 and the socket closed', async () => {
    const socket = open();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const r = await untilClosed(socket, 10_000);
    expect(r.closed).toBe(true);
    expect(r.data).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('a silent connection and an idle keep-alive connection are closed', async () => {
    const silent = await untilClosed(open(), 10_000);
    expect(silent.closed).toBe(true);
    const socket = open();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const kept = await untilClosed(socket, 10_000);
    expect(kept.data).toMatch(/^HTTP\/1\.1 200 /);
    expect(kept.data.toLowerCase()).toContain('keep-alive: timeout=1');
    expect(kept.closed).toBe(true);
  });
});
