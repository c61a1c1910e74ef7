import type { Role } from '@custody/contracts';
import {
  generateSignerKey,
  signerFromSkey,
  verifierFromVkey,
  type NoteVerifier,
} from '@custody/ledger';
import { randomUUID } from 'node:crypto';
import { createUnit, createUser } from '../accounts/index.ts';
import { fileBlobStore } from '../attachments/blob-store.ts';
import { apiMigrations, buildApp, type App, type AppDeps } from '../app.ts';
import { loadConfig, type AppConfig } from '../config.ts';
import type { DialectName } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createLiveBus } from '../live/live-bus.ts';
import { recordUnitLookup } from '../projections/index.ts';
import { defaultCustodySettings } from '../records/index.ts';
import { createEventStore, storeMigrations, type EventStore } from '../store/index.ts';
import { freshDatabase, type TestDatabase } from '../../test/databases.ts';
import {
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
  TestClock,
  cookieOf,
  totpNow,
  type SignedIn,
} from '../../test/http/harness.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORIGIN = 'custody.test/log';
const UNIT_ROLES = new Set<Role>([
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
]);
const TOTP_ROLES = new Set<Role>(['supervisor', 'hq', 'admin']);

export interface OversightKit {
  readonly app: App;
  readonly database: TestDatabase;
  readonly store: EventStore;
  readonly clock: TestClock;
  readonly vkey: string;
  readonly verifier: NoteVerifier;
  readonly units: { readonly own: string; readonly other: string };
  signIn(role: Role, over?: { unitId?: string | null }): Promise<SignedIn>;
  close(): Promise<void>;
}

/** The whole app with an event store, signing key, file blob store and a fixed clock. */
export async function oversightKit(
  dialect: DialectName,
  config: Partial<AppConfig> = {},
  start?: number,
  over: Partial<AppDeps> = {},
): Promise<OversightKit> {
  const database = await freshDatabase(dialect);
  await migrate(database, [...storeMigrations, ...apiMigrations]);
  const { skey, vkey } = generateSignerKey(ORIGIN);
  const store = await createEventStore({ database, signer: signerFromSkey(skey), origin: ORIGIN });
  const clock = new TestClock(start);
  const live = createLiveBus();
  const blobDir = mkdtempSync(join(tmpdir(), 'custody-blobs-'));
  const deps: AppDeps = {
    database,
    clock: clock.now,
    config: { ...loadConfig({}), ...config },
    store,
    ids: randomUUID,
    settings: defaultCustodySettings(),
    live,
    recordUnit: recordUnitLookup(database),
    vkey,
    blobs: fileBlobStore(blobDir),
    ...over,
  };
  const app = await buildApp(deps);
  const own = (await createUnit(database, { name: 'Відділ 1', code: 'U1' })).id;
  const other = (await createUnit(database, { name: 'Відділ 2', code: 'U2' })).id;
  let n = 0;

  async function signIn(role: Role, o: { unitId?: string | null } = {}): Promise<SignedIn> {
    n += 1;
    const username = `${role.replace(/_/g, '-')}-o${n}`;
    const { id: userId } = await createUser(database, {
      username,
      password: TEST_PASSWORD,
      displayName: `Тест ${role} ${n}`,
      role,
      unitId: o.unitId !== undefined ? o.unitId : UNIT_ROLES.has(role) ? own : null,
      ...(TOTP_ROLES.has(role) ? { totpSecret: TEST_TOTP_SECRET } : {}),
    });
    clock.advance(30);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: {
        username,
        password: TEST_PASSWORD,
        ...(TOTP_ROLES.has(role) ? { totp: totpNow(clock) } : {}),
      },
    });
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
    const csrf = response.json<{ csrfToken: string }>().csrfToken;
    const cookie = cookieOf(response);
    return { userId, username, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
  }

  return {
    app,
    database,
    store,
    clock,
    vkey,
    verifier: verifierFromVkey(vkey),
    units: { own, other },
    signIn,
    async close() {
      await app.close();
      live.close();
      await store.close();
      await database.drop();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

/** A detention payload (DetentionRecorded without the record id) with overrides. */
export function detention(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    person: { kind: 'identified', fullName: 'Петренко Петро Петрович', dateOfBirth: '1990-05-01' },
    place: { description: 'м. Київ, вул. Хрещатик, 1' },
    detainingOfficers: [{ id: 'officer-1', name: 'Іваненко І. І.' }],
    profile: 'ua_criminal_208',
    legalBasis: 'КПК ст. 208 ч. 1 п. 1',
    grounds: 'Застигнутий під час вчинення крадіжки з магазину.',
    juvenile: false,
    foreigner: false,
    language: 'uk',
    bodycamRefs: [],
    ...over,
  };
}

/** Drives one record through the real command routes as one signed-in user. */
export class RecordDriver {
  version = 0;
  recordId = '';
  constructor(
    private readonly kit: OversightKit,
    private readonly who: SignedIn,
  ) {}

  async open(
    occurredAt: string,
    over: Record<string, unknown> = {},
    who: SignedIn = this.who,
  ): Promise<string> {
    const r = await this.kit.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: who.headers,
      payload: { occurredAt, payload: detention(over) },
    });
    if (r.statusCode !== 201) throw new Error(`open failed: ${r.statusCode} ${r.body}`);
    const body = r.json<{ recordId: string; version: number }>();
    this.recordId = body.recordId;
    this.version = body.version;
    return body.recordId;
  }

  async run(
    type: string,
    occurredAt: string,
    payload: Record<string, unknown>,
    who: SignedIn = this.who,
  ): Promise<{ eventId: string; logIndex: number }> {
    const r = await this.kit.app.inject({
      method: 'POST',
      url: `/api/v1/records/${this.recordId}/commands/${type}`,
      headers: who.headers,
      payload: { occurredAt, expectedVersion: this.version, payload },
    });
    if (r.statusCode !== 201) throw new Error(`${type} failed: ${r.statusCode} ${r.body}`);
    const body = r.json<{ version: number; events: { eventId: string; logIndex: number }[] }>();
    this.version = body.version;
    const first = body.events[0];
    if (first === undefined) throw new Error(`${type} stored nothing`);
    return first;
  }
}
