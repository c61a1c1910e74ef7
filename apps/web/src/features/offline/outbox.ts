import type {
  DeviceAlgorithm,
  DeviceEntryBody,
  DeviceEntryResult,
  FieldCommand,
  SessionUser,
  SignedDeviceEntry,
} from '@custody/contracts';
import { canonicalJson } from '@custody/ledger';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ClockOffset } from './clock-offset.ts';
import { sha256Hex, signText } from './device-key.ts';
import type { PasswordVerifier } from './unlock.ts';

/** This browser profile's enrolled device: its key, its chain's tip and its clock offset. */
export interface DeviceRecord {
  readonly deviceId: string;
  readonly userId: string;
  readonly algorithm: DeviceAlgorithm;
  /** Non-extractable: stored by structured clone, never exported. */
  readonly privateKey: CryptoKey;
  readonly publicKey: string;
  readonly enrolledAt: string;
  readonly revokedAt: string | null;
  /** The last sequence number used (0 before the first entry). */
  readonly seq: number;
  /** SHA-256 hex of the last entry's signed text; null before the first. */
  readonly lastHash: string | null;
  readonly offset: ClockOffset | null;
  readonly lastSyncAt: string | null;
}

export type EntryState = 'pending' | 'accepted' | 'refused';

/**
 * One entry of the outbox. Never edited but to record its answer: once the server has
 * acknowledged it, the signed text (which holds personal data) is purged and the receipt kept.
 */
export interface OutboxEntry {
  readonly entryId: string;
  readonly seq: number;
  readonly actorId: string;
  readonly recordId: string;
  readonly type: FieldCommand;
  /** Device time when saved (ISO-8601). */
  readonly deviceTime: string;
  readonly signed: string | null;
  readonly signature: string | null;
  readonly state: EntryState;
  readonly result: DeviceEntryResult | null;
}

/**
 * The officer last signed in on this enrolled tablet, as the server last confirmed them: what lets
 * the app open offline (a reload without signal) and show what the tablet still holds. Forgotten
 * at sign-out; never a credential (the server session is the cookie, which it checks again).
 */
export interface OfflineSession {
  readonly user: SessionUser;
  /** When the server last confirmed the session (device clock, ISO-8601). */
  readonly verifiedAt: string;
  /** What unlocks the app without the server; without it the tablet does not open offline. */
  readonly verifier?: PasswordVerifier;
  /** The idle time after which the app locks, as the server last said. */
  readonly lockAfterSeconds?: number;
}

interface OutboxSchema extends DBSchema {
  device: { key: string; value: DeviceRecord };
  entries: { key: string; value: OutboxEntry; indexes: { seq: number } };
  session: { key: string; value: OfflineSession };
}

const DB_NAME = 'custody-outbox';
/** Additive migrations only: an update never loses what an older version kept. */
const DB_VERSION = 2;

const CURRENT = 'current';
/**
 * Every write commits only once on disk: Chrome 121+ defaults to `relaxed`, where `complete` may
 * fire before the data is flushed (developer.chrome.com/blog/indexeddb-durability-mode-now-defaults-to-relaxed).
 */
const STRICT = { durability: 'strict' } as const;

/** A command as a field screen makes it, before the outbox numbers, stamps and signs it. */
export interface FieldEntry {
  readonly type: FieldCommand;
  readonly recordId: string;
  readonly occurredAt: string;
  readonly payload: Record<string, unknown>;
}

export interface OutboxDeps {
  readonly now?: () => number;
  readonly newId?: () => string;
  readonly subtle?: SubtleCrypto;
}

/**
 * The device's outbox in IndexedDB (issue 19): entries are numbered, chained by the hash of the
 * previous entry's signed text, stamped with the device time and the latest clock offset, signed
 * with the device key, and written with strict durability before the screen says "saved".
 * Nothing leaves it until the server has answered for it.
 */
export class Outbox {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: IDBPDatabase<OutboxSchema>,
    private readonly now: () => number,
    private readonly newId: () => string,
    private readonly subtle: SubtleCrypto,
  ) {}

  static async open(name = DB_NAME, deps: OutboxDeps = {}): Promise<Outbox> {
    const db = await openDB<OutboxSchema>(name, DB_VERSION, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) {
          d.createObjectStore('device');
          d.createObjectStore('entries', { keyPath: 'entryId' }).createIndex('seq', 'seq', {
            unique: true,
          });
        }
        if (oldVersion < 2) d.createObjectStore('session');
      },
    });
    return new Outbox(
      db,
      deps.now ?? Date.now,
      deps.newId ?? (() => globalThis.crypto.randomUUID()),
      deps.subtle ?? globalThis.crypto.subtle,
    );
  }

  close(): void {
    this.db.close();
  }

  /** One change at a time in this page; across tabs, the Web Locks API where there is one. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    const run = (): Promise<T> =>
      locks === undefined ? fn() : (locks.request('custody-outbox', fn) as Promise<T>);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  device(): Promise<DeviceRecord | undefined> {
    return this.db.get('device', CURRENT);
  }

  /** Keeps the officer the server has just confirmed, for a start without signal. */
  async rememberSession(
    user: SessionUser,
    verifiedAt: string,
    more: { verifier?: PasswordVerifier | undefined; lockAfterSeconds?: number | undefined } = {},
  ): Promise<void> {
    const tx = this.db.transaction('session', 'readwrite', STRICT);
    const before = await tx.store.get(CURRENT);
    // The same officer keeps the verifier of their last typed password; another officer does not.
    const kept = before?.user.id === user.id ? before : undefined;
    const verifier = more.verifier ?? kept?.verifier;
    const lockAfterSeconds = more.lockAfterSeconds ?? kept?.lockAfterSeconds;
    await tx.store.put(
      {
        user,
        verifiedAt,
        ...(verifier === undefined ? {} : { verifier }),
        ...(lockAfterSeconds === undefined ? {} : { lockAfterSeconds }),
      },
      CURRENT,
    );
    await tx.done;
  }

  /** The officer last confirmed on this tablet, if within `maxAgeMs` of that confirmation. */
  async offlineSession(maxAgeMs: number): Promise<OfflineSession | undefined> {
    const kept = await this.db.get('session', CURRENT);
    if (kept === undefined) return undefined;
    const age = this.now() - Date.parse(kept.verifiedAt);
    return age >= 0 && age <= maxAgeMs ? kept : undefined;
  }

  async forgetSession(): Promise<void> {
    const tx = this.db.transaction('session', 'readwrite', STRICT);
    await tx.store.delete(CURRENT);
    await tx.done;
  }

  /** Keeps a newly enrolled device (its key pair made and registered by the caller). */
  async saveDevice(device: DeviceRecord): Promise<void> {
    await this.serial(async () => {
      const tx = this.db.transaction('device', 'readwrite', STRICT);
      await tx.store.put(device, CURRENT);
      await tx.done;
    });
  }

  private async updateDevice(change: (d: DeviceRecord) => DeviceRecord): Promise<void> {
    const tx = this.db.transaction('device', 'readwrite', STRICT);
    const d = await tx.store.get(CURRENT);
    if (d !== undefined) await tx.store.put(change(d), CURRENT);
    await tx.done;
  }

  setOffset(offset: ClockOffset): Promise<void> {
    return this.serial(() => this.updateDevice((d) => ({ ...d, offset })));
  }

  markRevoked(at: string): Promise<void> {
    return this.serial(() => this.updateDevice((d) => ({ ...d, revokedAt: d.revokedAt ?? at })));
  }

  /**
   * Numbers, stamps, signs and stores one entry; resolves once it is on disk. The signature is
   * made outside the IndexedDB transaction (a transaction ends when it waits on anything else),
   * under the outbox's lock, so no other entry can take the same number meanwhile.
   */
  add(actorId: string, entry: FieldEntry): Promise<OutboxEntry> {
    return this.serial(async () => {
      const device = await this.device();
      if (device === undefined) throw new Error('no enrolled device');
      const seq = device.seq + 1;
      const deviceTime = new Date(this.now()).toISOString();
      const body: DeviceEntryBody = {
        v: 1,
        entryId: this.newId(),
        deviceId: device.deviceId,
        seq,
        prevHash: device.lastHash,
        deviceTime,
        offsetMs: device.offset?.offsetMs ?? null,
        offsetErrorMs: device.offset?.errorMs ?? null,
        offsetMeasuredAt: device.offset?.measuredAt ?? null,
        actorId,
        command: {
          type: entry.type,
          recordId: entry.recordId,
          occurredAt: entry.occurredAt,
          // JSON values only: a form's undefined fields are left out, as JSON.stringify does.
          payload: JSON.parse(JSON.stringify(entry.payload)) as Record<string, unknown>,
        },
      };
      const signed = canonicalJson(body);
      const signature = await signText(device, signed, this.subtle);
      const lastHash = await sha256Hex(signed, this.subtle);
      const stored: OutboxEntry = {
        entryId: body.entryId,
        seq,
        actorId,
        recordId: entry.recordId,
        type: entry.type,
        deviceTime,
        signed,
        signature,
        state: 'pending',
        result: null,
      };
      const tx = this.db.transaction(['device', 'entries'], 'readwrite', STRICT);
      const again = await tx.objectStore('device').get(CURRENT);
      if (again?.seq !== device.seq) throw new Error('the outbox changed while signing');
      await tx.objectStore('entries').add(stored);
      await tx.objectStore('device').put({ ...device, seq, lastHash }, CURRENT);
      await tx.done;
      return stored;
    });
  }

  /** Every entry in device order. */
  async entries(): Promise<OutboxEntry[]> {
    return this.db.getAllFromIndex('entries', 'seq');
  }

  /** Entries not yet answered, in device order; `actorId` limits them to one officer's. */
  async pending(actorId?: string): Promise<OutboxEntry[]> {
    return (await this.entries()).filter(
      (e) => e.state === 'pending' && (actorId === undefined || e.actorId === actorId),
    );
  }

  /** What the screen shows: "3 entries not sent, last sync 12:04". */
  async status(): Promise<{
    unsent: number;
    lastSyncAt: string | null;
    revokedAt: string | null;
    offset: ClockOffset | null;
  }> {
    const [device, unsent] = await Promise.all([this.device(), this.pending()]);
    return {
      unsent: unsent.length,
      lastSyncAt: device?.lastSyncAt ?? null,
      revokedAt: device?.revokedAt ?? null,
      offset: device?.offset ?? null,
    };
  }

  /**
   * Records the server's answers: each entry keeps its receipt (log index, record, late mark,
   * chain) and loses its signed text, the personal data it carried; the server holds it now.
   */
  acknowledge(results: readonly DeviceEntryResult[], at: string): Promise<void> {
    return this.serial(async () => {
      const tx = this.db.transaction(['device', 'entries'], 'readwrite', STRICT);
      const entries = tx.objectStore('entries');
      for (const r of results) {
        const e = await entries.get(r.entryId);
        if (e === undefined) continue;
        await entries.put({ ...e, state: r.status, result: r, signed: null, signature: null });
      }
      const device = await tx.objectStore('device').get(CURRENT);
      if (device !== undefined) {
        await tx.objectStore('device').put({ ...device, lastSyncAt: at }, CURRENT);
      }
      await tx.done;
    });
  }

  /** The signed form of pending entries, as the sync route takes them. */
  static wire(entries: readonly OutboxEntry[]): SignedDeviceEntry[] {
    return entries.flatMap((e) =>
      e.signed === null || e.signature === null
        ? []
        : [{ signed: e.signed, signature: e.signature }],
    );
  }
}
