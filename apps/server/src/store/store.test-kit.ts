import {
  generateSignerKey,
  signerFromSkey,
  verifierFromVkey,
  type NoteVerifier,
} from '@custody/ledger';
import type { DialectName } from '../db/database.ts';
import { migrate, type ModuleMigration } from '../db/migrate.ts';
import { freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { createEventStore } from './event-store.ts';
import { storeMigrations } from './store.migrations.ts';
import type { EventStore, NewEvent } from './types.ts';

export const ORIGIN = 'custody.test/log';

export interface StoreKit {
  database: TestDatabase;
  store: EventStore;
  verifier: NoteVerifier;
  vkey: string;
  skey: string;
  close(): Promise<void>;
}

/** A migrated fresh database of the dialect with an event store and its signing key. */
export async function openKit(
  dialect: DialectName,
  groupCommitWindowMs = 0,
  more: readonly ModuleMigration[] = [],
): Promise<StoreKit> {
  const database = await freshDatabase(dialect);
  await migrate(database, [...storeMigrations, ...more]);
  const { skey, vkey } = generateSignerKey(ORIGIN);
  const store = await createEventStore({
    database,
    signer: signerFromSkey(skey),
    origin: ORIGIN,
    groupCommitWindowMs,
  });
  return {
    database,
    store,
    verifier: verifierFromVkey(vkey),
    vkey,
    skey,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

let counter = 0;

/** A test event with a fixed clock and a unique id. */
export function event(
  type = 'CellCheckRecorded',
  payload: NewEvent['payload'] = { ok: true },
): NewEvent {
  counter++;
  return {
    id: `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`,
    type,
    occurredAt: '2025-01-01T10:00:00.000Z',
    recordedAt: '2025-01-01T10:00:05.000Z',
    actor: { id: 'officer-1', role: 'duty-inspector' },
    payload,
  };
}
