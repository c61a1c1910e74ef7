import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DECIDE_SETTINGS } from '@custody/domain';
import { parsePolicy, type NoteSigner, type Policy } from '@custody/ledger';
import { accountsDb } from '../accounts/database.ts';
import { apiMigrations, buildApp, type App } from '../app.ts';
import { fileBlobStore } from '../attachments/blob-store.ts';
import { fileReferences } from '../attachments/references.query.ts';
import type { AppConfig } from '../config.ts';
import { isPostgresUrl, openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { timeOrderedId } from '../ids.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoSignIns, type SignIn } from '../demo/demo-staff.ts';
import { seedDemo, type SeedResult } from '../demo/seed-demo.ts';
import { openLiveBus } from '../live/open-live-bus.ts';
import { rebuildIfStale, recordRefLookup } from '../projections/index.ts';
import type { CustodySettings } from '../records/index.ts';
import { createEventStore, storeMigrations, type EventStore } from '../store/index.ts';
import { WitnessSubmitter } from '../witnessing/index.ts';
import { ensureSigner, originOf } from './keys.ts';
import { lockSingleServer } from './single-server.ts';

/**
 * A staged upload the log does not name is removed at start-up once this old: a younger one may
 * be an upload in flight in another server process (an upload is decided within its request).
 */
const STAGED_UPLOAD_MAX_AGE_MS = 15 * 60_000;

const here = dirname(fileURLToPath(import.meta.url));

/** Every migration of the server: the event store's, then those of the API modules. */
export const allMigrations = [...storeMigrations, ...apiMigrations];

/** The clock and decide settings of the configuration (domain.md §4 *defaults*, configurable). */
export function custodySettingsOf(config: AppConfig): CustodySettings {
  return {
    clock: config.clock,
    decide: {
      ...DEFAULT_DECIDE_SETTINGS,
      lateEntryMinutes: config.clock.lateEntryMinutes,
      deliveryExplanationMinutes: config.clock.deliveryExplanationMinutes,
    },
  };
}

/** Opens the configured database, creating the SQLite file's directory when needed. */
export function openConfigured(config: AppConfig): Database {
  if (!isPostgresUrl(config.databaseUrl)) {
    mkdirSync(dirname(resolve(config.databaseUrl.replace(/^sqlite:(\/\/)?/i, ''))), {
      recursive: true,
    });
  }
  return openDatabase(config.databaseUrl, {
    walCheckpoint: { frames: config.walCheckpointFrames },
  });
}

/** Whether the demo's accounts are in the database (its admin has the published demo TOTP secret). */
export async function hasDemo(database: Database): Promise<boolean> {
  const row = await accountsDb(database)
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'admin')
    .where('totp_secret', '=', DEMO_TOTP_SECRET)
    .executeTakeFirst();
  return row !== undefined;
}

/** True when the database holds no account: a first start. */
export async function isEmpty(database: Database): Promise<boolean> {
  const users = await accountsDb(database)
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(users?.n ?? 0) === 0;
}

/**
 * The witness policy file (c2sp.org/tlog-policy) of the configuration, checked: it must name this
 * log's own key, or no cosignature could ever count. Null when none is configured.
 */
export function witnessPolicyOf(config: AppConfig, signer: NoteSigner): Policy | null {
  if (config.witnessPolicy === null) return null;
  let policy: Policy;
  try {
    policy = parsePolicy(readFileSync(config.witnessPolicy, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`CUSTODY_WITNESS_POLICY ${config.witnessPolicy}: ${why}`);
  }
  if (!policy.logs.some((l) => l.vkey === signer.vkey)) {
    throw new Error(
      `CUSTODY_WITNESS_POLICY ${config.witnessPolicy} does not name this log's key (log ${signer.vkey})`,
    );
  }
  return policy;
}

export interface Running {
  readonly app: App;
  readonly url: string;
  readonly database: Database;
  readonly store: EventStore;
  readonly seeded: SeedResult | null;
  readonly keyCreated: boolean;
  /** The database holds the demo (seeded now or before): its sign-ins are worth printing. */
  readonly demo: boolean;
  close(): Promise<void>;
}

function webRootOf(config: AppConfig): string | null {
  const dist = resolve(config.webDist ?? join(here, '../../../web/dist'));
  return existsSync(join(dist, 'index.html')) ? dist : null;
}

/**
 * Starts the server (issue 8 "Demo in one command"): migrates, creates the signing key file when
 * missing (never in the database, integrity.md), seeds the demo into an empty database unless
 * CUSTODY_DEMO=0, builds the app with the event store and listens.
 */
export async function serve(
  config: AppConfig,
  options: {
    logger?: boolean;
    now?: () => Date;
    onSeedProgress?: (d: number, t: number) => void;
  } = {},
): Promise<Running> {
  const clock = options.now ?? (() => new Date());
  const database = openConfigured(config);
  let single: { release(): void } | null;
  try {
    single = lockSingleServer(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  await migrate(database, allMigrations);
  const { signer, created } = ensureSigner(config.keyFile, config.origin);
  let policy: Policy | null;
  try {
    policy = witnessPolicyOf(config, signer);
  } catch (error) {
    single?.release();
    await database.close();
    throw error;
  }
  const store = await createEventStore({ database, signer, origin: originOf(signer) });
  // An earlier version of the store, killed between a commit and the next, may have left the
  // head's checkpoint row unwritten: signed again, to the same bytes.
  await store.signMissingCheckpoint();
  const settings = custodySettingsOf(config);
  let seeded: SeedResult | null = null;
  if (config.demo && (await isEmpty(database))) {
    seeded = await seedDemo(
      { database, store },
      { now: clock(), settings: settings.decide, onProgress: options.onSeedProgress },
    );
  }
  // Before listening, so /readyz cannot answer before the read models match the log.
  await rebuildIfStale({ database, store });
  // Uploads staged before a crash: moved in when the log names them, else removed.
  const blobs = fileBlobStore(join(dirname(resolve(config.keyFile)), 'attachments'));
  await blobs.sweep(
    async (sha256) => (await fileReferences(database, sha256)).length > 0,
    STAGED_UPLOAD_MAX_AGE_MS,
  );
  let warn: (error: unknown) => void = () => undefined;
  const live = await openLiveBus(database, {
    onError: (error) => {
      warn(error);
    },
  });
  const webRoot = webRootOf(config);
  const app = await buildApp({
    database,
    clock,
    config,
    logger: options.logger ?? false,
    webRoot,
    store,
    ids: timeOrderedId,
    settings,
    live,
    vkey: signer.vkey,
    signer,
    blobs,
    recordRef: recordRefLookup(database),
    ...(policy === null ? {} : { witnessPolicy: policy }),
  });
  warn = (error) => {
    app.log.warn({ err: error }, 'live updates: reading on from the log');
  };
  if (webRoot === null) app.log.warn('web app not built; serving the API only');
  const submitter =
    policy === null ? null : new WitnessSubmitter({ database, store, policy, clock, log: app.log });
  submitter?.start(config.witnessInterval);
  const address = await app.listen({ port: config.port, host: config.host });
  const shown =
    config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const port = new URL(address).port;
  return {
    app,
    url: `http://${shown}:${port}`,
    database,
    store,
    seeded,
    keyCreated: created,
    demo: seeded !== null || (await hasDemo(database)),
    async close() {
      await submitter?.stop();
      await app.close();
      await live.close();
      await store.close();
      await database.close();
      single?.release();
    },
  };
}

/** The start-up banner: the address and, after seeding, the demo sign-ins (DEMO ONLY). */
export function banner(
  r: Pick<Running, 'url' | 'keyCreated' | 'seeded' | 'demo'>,
  signIns: readonly SignIn[] = r.demo ? demoSignIns() : [],
): string {
  const lines = [`Custody Records: ${r.url}`];
  if (r.keyCreated)
    lines.push('Створено ключ підпису / new signing key created (CUSTODY_KEY_FILE)');
  if (r.seeded !== null) {
    lines.push(
      `Демо / demo: ${r.seeded.records} records (${r.seeded.active} active), ${r.seeded.events} log entries`,
    );
  }
  if (signIns.length > 0) {
    lines.push(
      '',
      `Демо-входи / demo sign-ins (DEMO ONLY), password: ${DEMO_PASSWORD}`,
      ...signIns.map(
        (s) =>
          `  ${s.username.padEnd(20)} ${s.role.padEnd(18)} ${s.unit ?? ''}${s.totp ? '  [TOTP]' : ''}`,
      ),
      `TOTP secret of [TOTP] accounts (DEMO ONLY, published): ${DEMO_TOTP_SECRET}`,
      `  otpauth://totp/Custody%20Records%20demo?secret=${DEMO_TOTP_SECRET}`,
    );
  }
  return lines.join('\n');
}
