import type { DeviceSyncResult, DeviceView, ServerTime, SessionUser } from '@custody/contracts';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { setClockOffset } from './clock-offset.ts';
import { enrolTablet, type EnrolForm } from './enrol.ts';
import { Outbox, type FieldEntry, type OutboxEntry } from './outbox.ts';
import { keepReference } from './service-worker.ts';
import { rememberVerifier, typedVerifier } from './unlock.ts';
import { OutboxSync, SyncRefused, type SyncState, type SyncTransport } from './outbox-sync.ts';

/** The roles that enrol a tablet and record offline (the server's devices.enrol). */
const DEVICE_ROLES = new Set(['detaining_officer', 'duty_inspector', 'custody_inspector']);

/**
 * The server over the app's API client; a problem+json answer is a refusal, anything else offline.
 * A tablet opened without signal has no session token until the server confirms the session, and
 * sends nothing before; a 401 (the server session ended while offline) returns to sign-in, after
 * which the outbox drains.
 */
const transport: SyncTransport = {
  async sendEntries(deviceId, entries, idempotencyKey): Promise<DeviceSyncResult> {
    if (!api.hasCsrfToken()) throw new Error('the session is not confirmed by the server yet');
    try {
      return await api.post<DeviceSyncResult>(
        `/devices/${deviceId}/entries`,
        { entries },
        { headers: { 'idempotency-key': idempotencyKey } },
      );
    } catch (error) {
      if (error instanceof ApiError && error.status > 0) {
        throw new SyncRefused(error.status, error.code, error.message);
      }
      throw error;
    }
  },
  serverTime: () => api.get<ServerTime>('/time', { authRedirect: false }),
};

/** A tablet known to be revoked keeps no new entries (its later entries would all be refused). */
export class DeviceRevoked extends Error {
  constructor() {
    super('the device is revoked');
  }
}

/** What became of an entry the server could not be reached for (`keepWithoutSignal`). */
export type KeptOutcome = 'saved' | 'revoked' | null;

export interface OfflineValue {
  readonly state: SyncState | null;
  readonly enrolled: boolean;
  readonly mayEnrol: boolean;
  /** Enrols this tablet; throws the server's refusal (a wrong password, a bad name). */
  enrol(form: EnrolForm): Promise<void>;
  /** Keeps an entry in the outbox (signed, on disk) and tries to send it. */
  save(entry: FieldEntry): Promise<void>;
  /**
   * The one rule for a screen whose request failed: a field command (`isFieldCommand`) on an
   * enrolled tablet, with no connection, goes to the outbox ('saved'), unless the tablet is
   * known revoked ('revoked'); anything else (a refusal, no enrolment) is the screen's (null).
   */
  keepWithoutSignal(error: unknown, entry: FieldEntry): Promise<KeptOutcome>;
  /** This tablet's outbox entries of one record, in device order (pending, sent or refused). */
  entriesOf(recordId: string): Promise<OutboxEntry[]>;
  syncNow(): Promise<void>;
}

const OfflineContext = createContext<OfflineValue | null>(null);

/**
 * The outbox of this tablet and its sync, for the signed-in officer (issue 19). `verified` is
 * false while the app runs on a session restored offline; once the server confirms it, the
 * outbox drains.
 */
export function OfflineProvider(props: {
  user: SessionUser;
  verified: boolean;
  lockAfterSeconds: number;
  children: ReactNode;
}): ReactNode {
  const { user, verified, lockAfterSeconds } = props;
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  const [sync, setSync] = useState<OutboxSync | null>(null);
  const [state, setState] = useState<SyncState | null>(null);
  const [enrolled, setEnrolled] = useState(false);

  useEffect(() => {
    if (typeof indexedDB === 'undefined') return undefined;
    let live = true;
    let opened: { outbox: Outbox; sync: OutboxSync } | null = null;
    void Outbox.open().then(async (o) => {
      if (!live) {
        o.close();
        return;
      }
      const s = new OutboxSync(o, transport, user.id);
      opened = { outbox: o, sync: s };
      setOutbox(o);
      setSync(s);
      setEnrolled((await o.device()) !== undefined);
      s.subscribe(setState);
      s.start();
    });
    return () => {
      live = false;
      opened?.sync.stop();
      opened?.outbox.close();
    };
  }, [user.id]);

  const offset = state?.offset ?? null;
  useEffect(() => {
    setClockOffset(offset);
  }, [offset]);

  useEffect(() => {
    if (!verified || !enrolled || outbox === null) return;
    void (async () => {
      const verifier = await typedVerifier()?.catch(() => undefined);
      await outbox.rememberSession(user, new Date().toISOString(), { verifier, lockAfterSeconds });
    })();
    void keepReference([
      '/api/v1/units',
      ...(user.unitId === null ? [] : [`/api/v1/units/${user.unitId}/rooms`]),
    ]).catch(() => undefined);
    void sync?.now();
  }, [verified, enrolled, outbox, sync, user, lockAfterSeconds]);

  const value = useMemo<OfflineValue>(() => {
    const save = async (entry: FieldEntry): Promise<void> => {
      if (outbox === null) throw new Error('outbox not open');
      if ((await outbox.device())?.revokedAt != null) throw new DeviceRevoked();
      await outbox.add(user.id, entry);
      try {
        // Ask once there is something worth keeping; granted silently by Chrome's heuristic.
        await navigator.storage.persist();
      } catch {
        // No StorageManager outside a secure context: the entry is on disk all the same.
      }
      void sync?.now();
    };
    return {
      state,
      enrolled,
      mayEnrol: DEVICE_ROLES.has(user.role) && !enrolled && outbox !== null,
      async enrol(form) {
        if (outbox === null) return;
        const verifier = await enrolTablet(outbox, user, form, {
          register: (body) => api.post<DeviceView>('/devices', body),
          lockAfterSeconds,
        });
        rememberVerifier(verifier);
        setEnrolled(true);
        await sync?.now();
      },
      save,
      async keepWithoutSignal(error, entry) {
        const noSignal = error instanceof ApiError && error.status === 0;
        if (!noSignal || !enrolled || outbox === null) return null;
        try {
          await save(entry);
          return 'saved';
        } catch (refusal) {
          if (refusal instanceof DeviceRevoked) return 'revoked';
          throw refusal;
        }
      },
      async entriesOf(recordId) {
        if (outbox === null) return [];
        return (await outbox.entries()).filter((e) => e.recordId === recordId);
      },
      async syncNow() {
        await sync?.now();
      },
    };
  }, [state, enrolled, outbox, sync, user, lockAfterSeconds]);
  return <OfflineContext.Provider value={value}>{props.children}</OfflineContext.Provider>;
}

/** The outbox of this tablet; null outside the signed-in shell. */
export function useOffline(): OfflineValue | null {
  return useContext(OfflineContext);
}
