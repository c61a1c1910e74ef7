import 'fake-indexeddb/auto';
import type {
  DeviceEntryBody,
  DeviceEntryResult,
  DeviceSyncResult,
  SignedDeviceEntry,
} from '@custody/contracts';
import { describe, expect, test, vi } from 'vitest';
import { createDeviceKey, sha256Hex } from './device-key.ts';
import { Outbox } from './outbox.ts';
import { batchKey, drainOutbox, SyncRefused, type SyncTransport } from './outbox-sync.ts';

let dbCount = 0;
const SERVER_AHEAD = -20 * 60_000;

async function enrolled(algorithm: 'Ed25519' | 'ECDSA-P256' = 'Ed25519') {
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  dbCount += 1;
  const outbox = await Outbox.open(`outbox-test-${String(dbCount)}`, { now: () => clock });
  const key = await createDeviceKey(globalThis.crypto.subtle, [algorithm]);
  await outbox.saveDevice({
    deviceId: globalThis.crypto.randomUUID(),
    userId: 'u1',
    algorithm: key.algorithm,
    privateKey: key.privateKey,
    publicKey: key.publicKey,
    enrolledAt: new Date(clock).toISOString(),
    revokedAt: null,
    seq: 0,
    lastHash: null,
    offset: null,
    lastSyncAt: null,
  });
  return {
    outbox,
    key,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
  };
}

const move = (recordId: string, n: number) => ({
  type: 'MoveDetainee' as const,
  recordId,
  occurredAt: new Date(Date.parse('2026-03-01T10:00:00Z') + n).toISOString(),
  payload: { to: { description: `Місце ${String(n)}` }, purpose: 'Рух', escort: [] },
});

/** A server stand-in that checks what a real one checks of the chain and remembers answers. */
function transport(publicKey: string, algorithm: 'Ed25519' | 'ECDSA-P256') {
  const subtle = globalThis.crypto.subtle;
  const params =
    algorithm === 'Ed25519'
      ? { name: 'Ed25519' }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const key = subtle.importKey('spki', Buffer.from(publicKey, 'base64'), params, false, ['verify']);
  const answers = new Map<string, DeviceEntryResult>();
  const received: DeviceEntryBody[] = [];
  const state = { offline: false, loseResponse: false, revoked: false, requests: 0 };
  const keys: string[] = [];
  const t: SyncTransport = {
    serverTime() {
      if (state.offline) return Promise.reject(new TypeError('Failed to fetch'));
      const ms = Date.parse('2026-03-01T10:00:00.000Z') + SERVER_AHEAD;
      return Promise.resolve({ serverTime: new Date(ms).toISOString(), epochMs: ms });
    },
    async sendEntries(
      _deviceId: string,
      entries: SignedDeviceEntry[],
      idempotencyKey: string,
    ): Promise<DeviceSyncResult> {
      state.requests += 1;
      keys.push(idempotencyKey);
      if (state.offline) throw new TypeError('Failed to fetch');
      if (state.revoked) throw new SyncRefused(403, 'device_revoked', 'revoked');
      for (const e of entries) {
        const bytes = Buffer.from(e.signed, 'utf8');
        const sig = Buffer.from(e.signature, 'base64');
        if (!(await subtle.verify(params, await key, sig, bytes))) throw new Error('bad signature');
      }
      const results = entries.map((e) => {
        const body = JSON.parse(e.signed) as DeviceEntryBody;
        const known = answers.get(body.entryId);
        if (known !== undefined) return known;
        received.push(body);
        const r: DeviceEntryResult = {
          entryId: body.entryId,
          seq: body.seq,
          status: 'accepted',
          chain: 'ok',
          logIndex: received.length,
          receivedAt: '2026-03-01T11:00:00.000Z',
          recordId: body.command.recordId,
          recordLogIndexes: [received.length + 100],
          late: false,
          problem: null,
        };
        answers.set(body.entryId, r);
        return r;
      });
      if (state.loseResponse) {
        state.loseResponse = false;
        throw new TypeError('connection reset after commit');
      }
      return { results };
    },
  };
  return { t, received, state, keys };
}

describe('outbox (IndexedDB, fake-indexeddb)', () => {
  test.each(['Ed25519', 'ECDSA-P256'] as const)(
    '%s: entries are numbered, chained by the previous signed text, stamped and signed',
    async (algorithm) => {
      const { outbox, advance } = await enrolled(algorithm);
      const recordId = globalThis.crypto.randomUUID();
      const a = await outbox.add('u1', move(recordId, 1));
      advance(1000);
      const b = await outbox.add('u1', move(recordId, 2));
      expect([a.seq, b.seq]).toEqual([1, 2]);
      const bodyA = JSON.parse(a.signed ?? '') as DeviceEntryBody;
      const bodyB = JSON.parse(b.signed ?? '') as DeviceEntryBody;
      expect(bodyA.prevHash).toBeNull();
      expect(bodyB.prevHash).toBe(await sha256Hex(a.signed ?? ''));
      expect(bodyB.deviceTime).toBe('2026-03-01T10:00:01.000Z');
      expect(bodyA.actorId).toBe('u1');
      expect((await outbox.status()).unsent).toBe(2);
      outbox.close();
    },
  );

  test('concurrent adds take distinct numbers in one chain', async () => {
    const { outbox } = await enrolled();
    const recordId = globalThis.crypto.randomUUID();
    const made = await Promise.all([1, 2, 3, 4, 5].map((n) => outbox.add('u1', move(recordId, n))));
    expect(made.map((e) => e.seq).sort()).toEqual([1, 2, 3, 4, 5]);
    const all = await outbox.entries();
    for (let i = 1; i < all.length; i += 1) {
      const body = JSON.parse(all[i]?.signed ?? '') as DeviceEntryBody;
      expect(body.prevHash).toBe(await sha256Hex(all[i - 1]?.signed ?? ''));
    }
  });

  test('entries survive closing and reopening the database', async () => {
    const { outbox } = await enrolled();
    await outbox.add('u1', move(globalThis.crypto.randomUUID(), 1));
    outbox.close();
    const again = await Outbox.open(`outbox-test-${String(dbCount)}`);
    expect((await again.pending()).map((e) => e.seq)).toEqual([1]);
    again.close();
  });

  test('drain: offline keeps everything; back online sends all in order once; the offset is measured and signed into later entries', async () => {
    const { outbox, key } = await enrolled();
    const server = transport(key.publicKey, 'Ed25519');
    const recordId = globalThis.crypto.randomUUID();
    for (const n of [1, 2, 3]) await outbox.add('u1', move(recordId, n));
    server.state.offline = true;
    expect(await drainOutbox(outbox, server.t, 'u1')).toBe('offline');
    expect((await outbox.status()).unsent).toBe(3);
    server.state.offline = false;
    expect(
      await drainOutbox(outbox, server.t, 'u1', () => Date.parse('2026-03-01T10:00:00Z')),
    ).toBe('sent');
    expect(server.received.map((b) => b.seq)).toEqual([1, 2, 3]);
    const status = await outbox.status();
    expect(status.unsent).toBe(0);
    // The last sync is said on the server's clock: the device clock corrected by the offset.
    expect(status.lastSyncAt).toBe(
      new Date(Date.parse('2026-03-01T10:00:00Z') + SERVER_AHEAD).toISOString(),
    );
    const later = await outbox.add('u1', move(recordId, 4));
    expect((JSON.parse(later.signed ?? '') as DeviceEntryBody).offsetMs).toBe(SERVER_AHEAD);
  });

  test('a response lost after the server committed: the retry is answered the same and nothing is duplicated', async () => {
    const { outbox, key } = await enrolled();
    const server = transport(key.publicKey, 'Ed25519');
    const recordId = globalThis.crypto.randomUUID();
    for (const n of [1, 2]) await outbox.add('u1', move(recordId, n));
    server.state.loseResponse = true;
    expect(await drainOutbox(outbox, server.t, 'u1')).toBe('offline');
    expect((await outbox.status()).unsent).toBe(2);
    expect(await drainOutbox(outbox, server.t, 'u1')).toBe('sent');
    expect(server.received.map((b) => b.seq)).toEqual([1, 2]);
    expect((await outbox.entries()).map((e) => e.state)).toEqual(['accepted', 'accepted']);
    // The retry carried the same Idempotency-Key: the server answers it with the original answer.
    expect(server.keys).toHaveLength(2);
    expect(server.keys[1]).toBe(server.keys[0]);
    expect(server.keys[0]).toMatch(/^device-batch-[0-9a-f]{64}$/);
  });

  test('the Idempotency-Key of a batch follows its contents: the same entries in any order, the same key; another entry, another key', async () => {
    const { outbox } = await enrolled();
    const recordId = globalThis.crypto.randomUUID();
    for (const n of [1, 2, 3]) await outbox.add('u1', move(recordId, n));
    const wire = Outbox.wire(await outbox.pending('u1'));
    const [a, b, c] = wire;
    if (a === undefined || b === undefined || c === undefined) throw new Error('three entries');
    expect(await batchKey([a, b])).toBe(await batchKey([b, a]));
    expect(await batchKey([a, b])).not.toBe(await batchKey([a, b, c]));
    expect(await batchKey([a])).not.toBe(await batchKey([{ ...a, signature: b.signature }]));
  });

  test('after the acknowledgement (ECDSA P-256 device) the signed text (personal data) is purged and the receipt kept', async () => {
    const { outbox, key } = await enrolled('ECDSA-P256');
    const server = transport(key.publicKey, 'ECDSA-P256');
    await outbox.add('u1', move(globalThis.crypto.randomUUID(), 1));
    await drainOutbox(outbox, server.t, 'u1');
    const [e] = await outbox.entries();
    expect(e?.signed).toBeNull();
    expect(e?.signature).toBeNull();
    expect(e?.result?.logIndex).toBe(1);
  });

  test('a revoked device stops syncing and keeps its entries', async () => {
    const { outbox, key } = await enrolled();
    const server = transport(key.publicKey, 'Ed25519');
    server.state.revoked = true;
    await outbox.add('u1', move(globalThis.crypto.randomUUID(), 1));
    expect(await drainOutbox(outbox, server.t, 'u1')).toBe('revoked');
    expect(await drainOutbox(outbox, server.t, 'u1')).toBe('revoked');
    expect(server.state.requests).toBe(1);
    const status = await outbox.status();
    expect(status.revokedAt).not.toBeNull();
    expect(status.unsent).toBe(1);
  });

  test('every write transaction asks for strict durability', async () => {
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const modes: string[] = [];
    try {
      const { outbox, key } = await enrolled();
      await outbox.add('u1', move(globalThis.crypto.randomUUID(), 1));
      await drainOutbox(outbox, transport(key.publicKey, 'Ed25519').t, 'u1');
      for (const c of spy.mock.calls) {
        if (c[1] === 'readwrite') modes.push(c[2]?.durability ?? 'default');
      }
    } finally {
      spy.mockRestore();
    }
    expect(modes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(modes)).toEqual(new Set(['strict']));
  });

  test('only the officer’s own entries are sent in their session', async () => {
    const { outbox, key } = await enrolled();
    const server = transport(key.publicKey, 'Ed25519');
    await outbox.add('u2', move(globalThis.crypto.randomUUID(), 1));
    expect(await drainOutbox(outbox, server.t, 'u1')).toBe('idle');
    expect((await outbox.pending('u2')).length).toBe(1);
  });

  test('the officer last confirmed is kept for a start without signal, for 12 hours, and forgotten at sign-out', async () => {
    const { outbox, advance } = await enrolled();
    const user = {
      id: 'u1',
      username: 'taras',
      displayName: 'Тарас',
      role: 'detaining_officer' as const,
      unitId: 'unit-1',
      locale: 'uk' as const,
      totpEnrolmentRequired: false,
    };
    expect(await outbox.offlineSession(12 * 3_600_000)).toBeUndefined();
    await outbox.rememberSession(user, '2026-03-01T10:00:00.000Z');
    advance(11 * 3_600_000);
    expect((await outbox.offlineSession(12 * 3_600_000))?.user).toEqual(user);
    advance(2 * 3_600_000);
    expect(await outbox.offlineSession(12 * 3_600_000)).toBeUndefined();
    // The verifier of the officer's password stays with the same officer, not with another one.
    const verifier = { salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 1 };
    await outbox.rememberSession(user, '2026-03-01T23:00:00.000Z', {
      verifier,
      lockAfterSeconds: 120,
    });
    await outbox.rememberSession(user, '2026-03-01T23:00:00.000Z');
    expect(await outbox.offlineSession(12 * 3_600_000)).toMatchObject({
      verifier,
      lockAfterSeconds: 120,
    });
    await outbox.rememberSession({ ...user, id: 'u2' }, '2026-03-01T23:00:00.000Z');
    expect((await outbox.offlineSession(12 * 3_600_000))?.verifier).toBeUndefined();
    await outbox.forgetSession();
    expect(await outbox.offlineSession(12 * 3_600_000)).toBeUndefined();
    outbox.close();
  });

  test('a version-1 outbox opens with its device and entries kept (additive migration)', async () => {
    const { openDB } = await import('idb');
    dbCount += 1;
    const name = `outbox-test-${String(dbCount)}`;
    const old = await openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore('device');
        d.createObjectStore('entries', { keyPath: 'entryId' }).createIndex('seq', 'seq', {
          unique: true,
        });
      },
    });
    await old.put('entries', { entryId: 'e1', seq: 1, state: 'pending' });
    old.close();
    const outbox = await Outbox.open(name);
    expect((await outbox.entries()).map((e) => e.entryId)).toEqual(['e1']);
    expect(await outbox.offlineSession(1)).toBeUndefined();
    outbox.close();
  });
});
