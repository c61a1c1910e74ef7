import type { DeviceSyncResult, ServerTime, SignedDeviceEntry } from '@custody/contracts';
import { measureOffset, type ClockOffset } from './clock-offset.ts';
import { sha256Hex } from './device-key.ts';
import { Outbox } from './outbox.ts';

/** How the sync reaches the server; errors carry the HTTP status and problem code when there was an answer. */
export interface SyncTransport {
  /** Sends one batch with its `Idempotency-Key` (`batchKey`). */
  sendEntries(
    deviceId: string,
    entries: SignedDeviceEntry[],
    idempotencyKey: string,
  ): Promise<DeviceSyncResult>;
  serverTime(): Promise<ServerTime>;
}

/** An answer of the server that is not a network failure. */
export class SyncRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The `Idempotency-Key` of a batch (issue 19 "each batch carries an idempotency key"): SHA-256 of
 * its entry ids and signatures, sorted, so a batch sent again after a lost answer carries the same
 * key (and gets the original answer), while a batch whose contents changed between attempts (an
 * entry added, one acknowledged meanwhile) gets another.
 */
export async function batchKey(entries: readonly SignedDeviceEntry[]): Promise<string> {
  const lines = entries
    .map((e) => {
      const id = (JSON.parse(e.signed) as { entryId?: unknown }).entryId;
      return `${typeof id === 'string' ? id : ''} ${e.signature}`;
    })
    .sort();
  return `device-batch-${await sha256Hex(lines.join('\n'))}`;
}

export type DrainOutcome = 'idle' | 'sent' | 'offline' | 'revoked' | 'refused';

/** Entries per request; the route takes up to 100. */
const BATCH = 50;

/**
 * Sends the officer's pending entries in device order, batch by batch, and records each answer.
 * A network failure leaves everything pending (the same entries go again; the server answers a
 * repeat with its first answer); a revoked device stops and says so.
 */
export async function drainOutbox(
  outbox: Outbox,
  transport: SyncTransport,
  actorId: string,
  now: () => number = Date.now,
): Promise<DrainOutcome> {
  const device = await outbox.device();
  if (device === undefined) return 'idle';
  if (device.revokedAt !== null) return 'revoked';
  let offsetMs = device.offset?.offsetMs ?? 0;
  try {
    const offset = await measureOffset(() => transport.serverTime(), now);
    await outbox.setOffset(offset);
    offsetMs = offset.offsetMs;
  } catch (error) {
    if (!(error instanceof SyncRefused)) return 'offline';
  }
  /** When the tablet heard back, on the server's clock as far as the offset tells. */
  const at = () => new Date(now() + offsetMs).toISOString();
  let sent = false;
  for (;;) {
    const batch = (await outbox.pending(actorId)).slice(0, BATCH);
    if (batch.length === 0) return sent ? 'sent' : 'idle';
    let answer: DeviceSyncResult;
    try {
      const wire = Outbox.wire(batch);
      answer = await transport.sendEntries(device.deviceId, wire, await batchKey(wire));
    } catch (error) {
      if (!(error instanceof SyncRefused)) return 'offline';
      if (error.code === 'device_revoked') {
        await outbox.markRevoked(at());
        return 'revoked';
      }
      return 'refused';
    }
    await outbox.acknowledge(answer.results, at());
    sent = true;
  }
}

export interface SyncState {
  readonly unsent: number;
  readonly offset: ClockOffset | null;
  readonly lastSyncAt: string | null;
  readonly revokedAt: string | null;
  readonly running: boolean;
  readonly lastOutcome: DrainOutcome | null;
}

/**
 * Drains the outbox on start-up, when the browser says it is online again, when the page becomes
 * visible, after each new entry, and on a back-off timer (5 s doubling to 5 min while failing,
 * every minute otherwise). Background Sync is not relied on: Safari and Firefox lack it.
 */
export class OutboxSync {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private running: Promise<DrainOutcome> | null = null;
  private again = false;
  private lastOutcome: DrainOutcome | null = null;
  private readonly listeners = new Set<(s: SyncState) => void>();
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly outbox: Outbox,
    private readonly transport: SyncTransport,
    private readonly actorId: string,
    private readonly target: Pick<
      Window,
      'addEventListener' | 'removeEventListener'
    > | null = typeof window === 'undefined' ? null : window,
  ) {}

  start(): void {
    const on = (type: string, fn: () => void) => {
      this.target?.addEventListener(type, fn);
      this.detach.push(() => this.target?.removeEventListener(type, fn));
    };
    on('online', () => void this.now());
    on('visibilitychange', () => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible')
        void this.now();
    });
    void this.now();
  }

  stop(): void {
    for (const d of this.detach.splice(0)) d();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.listeners.add(fn);
    void this.publish();
    return () => this.listeners.delete(fn);
  }

  async publish(): Promise<void> {
    const s = await this.outbox.status();
    const state: SyncState = {
      ...s,
      running: this.running !== null,
      lastOutcome: this.lastOutcome,
    };
    for (const fn of this.listeners) fn(state);
  }

  /** Drains now (or once more right after the drain under way). */
  async now(): Promise<DrainOutcome> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = drainOutbox(this.outbox, this.transport, this.actorId);
    void this.publish();
    let outcome: DrainOutcome;
    try {
      outcome = await this.running;
    } catch {
      outcome = 'offline';
    } finally {
      this.running = null;
    }
    this.lastOutcome = outcome;
    this.schedule(outcome);
    await this.publish();
    if (this.again) {
      this.again = false;
      return this.now();
    }
    return outcome;
  }

  private schedule(outcome: DrainOutcome): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (outcome === 'revoked') return;
    this.failures = outcome === 'offline' || outcome === 'refused' ? this.failures + 1 : 0;
    const delay =
      this.failures === 0 ? 60_000 : Math.min(5_000 * 2 ** (this.failures - 1), 300_000);
    this.timer = setTimeout(() => void this.now(), delay);
  }
}
