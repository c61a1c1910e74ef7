import type { Role } from '@custody/contracts';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { createUnit, createUser } from '../../src/accounts/index.ts';
import { memoryBlobStore } from '../../src/attachments/blob-store.ts';
import { apiMigrations, buildApp, type App, type AppDeps } from '../../src/app.ts';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import type { DialectName } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { timeOrderedId } from '../../src/ids.ts';
import type { LiveBus } from '../../src/live/live-bus.ts';
import { openLiveBus } from '../../src/live/open-live-bus.ts';
import { recordRefLookup } from '../../src/projections/index.ts';
import { defaultCustodySettings } from '../../src/records/index.ts';
import { createEventStore, storeMigrations, type EventStore } from '../../src/store/index.ts';
import { freshDatabase, type TestDatabase } from '../databases.ts';
import {
  signInThroughApi,
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
  TestClock,
  TOTP_ROLES,
  UNIT_ROLES,
  type SignedIn,
} from './harness.ts';

export const ORIGIN = 'custody.test/log';

export interface CustodyHarness {
  readonly app: App;
  readonly database: TestDatabase;
  readonly store: EventStore;
  readonly live: LiveBus;
  readonly clock: TestClock;
  readonly deps: AppDeps;
  /** The verifier key of the log's signing key (served by the app only with `full`). */
  readonly vkey: string;
  readonly units: { readonly own: string; readonly other: string };
  /** Signs in as a fresh user of the role (own unit for unit roles unless `unitId` says otherwise). */
  signIn(role: Role, over?: { unitId?: string | null }): Promise<SignedIn>;
  /** Log size: how many leaves the tamper-evident log holds. */
  logSize(): Promise<number>;
  /** How many events the app has appended through `store` so far (a counter, no query). */
  appended(): number;
  close(): Promise<void>;
}

/**
 * The app WITH an event store on a fresh database of the dialect (store, accounts, grants and
 * projection migrations), a fixed clock, a fresh signing key, two units and sign-in per role.
 * `full` also publishes the verifier key, hands the app the signing key (for extract statements)
 * and keeps attachments in memory, so that every route of the app is served (integrity proofs,
 * extracts, attachments).
 */
export async function custodyHarness(
  dialect: DialectName,
  options: {
    readonly full?: boolean;
    /** Environment for `loadConfig` (default: long sessions) and settings laid over it. */
    readonly env?: Record<string, string>;
    readonly config?: Partial<AppConfig>;
    /** The fixed clock's starting instant (ms). */
    readonly start?: number;
    /** Dependencies laid over the defaults, e.g. a file blob store. */
    readonly deps?: Partial<AppDeps>;
    /** The log's signing key (default: a new one), e.g. one a witness policy names. */
    readonly skey?: string;
  } = {},
): Promise<CustodyHarness> {
  const database = await freshDatabase(dialect);
  await migrate(database, [...storeMigrations, ...apiMigrations]);
  const signer = signerFromSkey(options.skey ?? generateSignerKey(ORIGIN).skey);
  const { vkey } = signer;
  const raw = await createEventStore({ database, signer, origin: ORIGIN });
  let appended = 0;
  const store: EventStore = {
    ...raw,
    async append(streamId, expected, events, options) {
      const r = await raw.append(streamId, expected, events, options);
      appended += r.events.length;
      return r;
    },
    async erasePayload(streamId, target, tombstone, options) {
      const r = await raw.erasePayload(streamId, target, tombstone, options);
      appended += 1;
      return r;
    },
  };
  const clock = new TestClock(options.start);
  const live = await openLiveBus(database);
  const deps: AppDeps = {
    database,
    clock: clock.now,
    config: {
      ...loadConfig(options.env ?? { SESSION_IDLE: '86400', SESSION_TTL: '604800' }),
      ...options.config,
    },
    store,
    ids: timeOrderedId,
    settings: defaultCustodySettings(),
    live,
    recordRef: recordRefLookup(database),
    ...(options.full === true ? { vkey, signer, blobs: memoryBlobStore() } : {}),
    ...options.deps,
  };
  const app = await buildApp(deps);
  const own = (await createUnit(database, { name: 'Відділ 1', code: 'U1' })).id;
  const other = (await createUnit(database, { name: 'Відділ 2', code: 'U2' })).id;
  let n = 0;

  async function signIn(role: Role, o: { unitId?: string | null } = {}): Promise<SignedIn> {
    n += 1;
    const username = `${role.replace(/_/g, '-')}-c${n}`;
    const { id: userId } = await createUser(database, {
      username,
      password: TEST_PASSWORD,
      displayName: `Тест ${role} ${n}`,
      role,
      unitId: o.unitId !== undefined ? o.unitId : UNIT_ROLES.has(role) ? own : null,
      ...(TOTP_ROLES.has(role) ? { totpSecret: TEST_TOTP_SECRET } : {}),
    });
    return signInThroughApi(app, clock, { userId, username, withTotp: TOTP_ROLES.has(role) });
  }

  return {
    app,
    database,
    store,
    live,
    clock,
    deps,
    vkey,
    units: { own, other },
    signIn,
    async logSize() {
      return (await store.latestCheckpoint())?.size ?? 0;
    },
    appended: () => appended,
    async close() {
      await app.close();
      await live.close();
      await store.close();
      await database.drop();
    },
  };
}
