import {
  ROLES_REQUIRING_TOTP,
  UNIT_ROLES as CONTRACT_UNIT_ROLES,
  type Role,
} from '@custody/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { createUnit, createUser } from '../../src/accounts/index.ts';
import { base32Decode, totp } from '../../src/accounts/totp.ts';
import { findUserById } from '../../src/accounts/users.ts';
import { apiMigrations, buildApp, type App, type AppDeps } from '../../src/app.ts';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import type { DialectName } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { freshDatabase, type TestDatabase } from '../databases.ts';

/** A fixed, controllable clock: tests never depend on the wall clock. */
export class TestClock {
  constructor(private at: number = Date.parse('2025-03-01T10:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.at);
  advance(seconds: number): void {
    this.at += seconds * 1000;
  }
}

export const TEST_PASSWORD = 'correct horse battery staple';
/** The TOTP secret given to every seeded user of a role that requires one. */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface Harness {
  readonly app: App;
  readonly database: TestDatabase;
  readonly clock: TestClock;
  readonly deps: AppDeps;
  readonly units: { readonly own: string; readonly other: string };
  /** Seeds a user of the role (in the own unit for unit roles) and returns its id. */
  user(
    role: Role,
    over?: { username?: string; unitId?: string | null; totp?: boolean },
  ): Promise<string>;
  /** Signs in as a fresh user of the role; returns the cookie header and CSRF token. */
  signIn(role: Role, over?: { unitId?: string | null }): Promise<SignedIn>;
  /** Signs in as an already seeded user (seeded users share TEST_PASSWORD and TEST_TOTP_SECRET). */
  signInAs(userId: string): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  readonly userId: string;
  readonly username: string;
  readonly cookie: string;
  readonly csrf: string;
  /** Headers for an unsafe request of this session. */
  readonly headers: Record<string, string>;
}

/** Roles whose users belong to a unit (the harness's own unit unless told otherwise). */
export const UNIT_ROLES: ReadonlySet<Role> = new Set(CONTRACT_UNIT_ROLES);
/** Roles that sign in with a second factor. */
export const TOTP_ROLES: ReadonlySet<Role> = new Set(ROLES_REQUIRING_TOTP);

/**
 * Signs a user in through the API, with the current TOTP code when `withTotp`. Each sign-in
 * advances the clock to its own TOTP step, so codes are never replayed across sign-ins.
 */
export async function signInThroughApi(
  app: App,
  clock: TestClock,
  user: { userId: string; username: string; withTotp: boolean },
): Promise<SignedIn> {
  clock.advance(30);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: {
      username: user.username,
      password: TEST_PASSWORD,
      ...(user.withTotp ? { totp: totpNow(clock) } : {}),
    },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const csrf = response.json<{ csrfToken: string }>().csrfToken;
  const cookie = cookieOf(response);
  const { userId, username } = user;
  return { userId, username, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

export function cookieOf(response: LightMyRequestResponse): string {
  const c = response.cookies.find((x) => x.name === 'custody_session');
  if (!c) throw new Error(`no session cookie: ${response.statusCode} ${response.body}`);
  return `custody_session=${c.value}`;
}

export function totpNow(clock: TestClock, offsetSteps = 0): string {
  return totp(
    base32Decode(TEST_TOTP_SECRET),
    new Date(clock.now().getTime() + offsetSteps * 30_000),
  );
}

/** Builds the app on a fresh, migrated database of the dialect, with two units. */
export async function harness(
  dialect: DialectName,
  over: { config?: Partial<AppConfig>; deps?: Partial<AppDeps> } = {},
): Promise<Harness> {
  const database = await freshDatabase(dialect);
  await migrate(database, apiMigrations);
  const clock = new TestClock();
  const config: AppConfig = { ...loadConfig({}), ...over.config };
  const deps: AppDeps = { database, clock: clock.now, config, ...over.deps };
  const app = await buildApp(deps);
  const own = (await createUnit(database, { name: 'Відділ 1', code: 'U1' })).id;
  const other = (await createUnit(database, { name: 'Відділ 2', code: 'U2' })).id;
  let n = 0;

  async function user(
    role: Role,
    o: { username?: string; unitId?: string | null; totp?: boolean } = {},
  ): Promise<string> {
    n += 1;
    const withTotp = o.totp ?? TOTP_ROLES.has(role);
    const { id } = await createUser(database, {
      username: o.username ?? `${role.replace(/_/g, '-')}-${n}`,
      password: TEST_PASSWORD,
      displayName: `Test ${role}`,
      role,
      unitId: o.unitId !== undefined ? o.unitId : UNIT_ROLES.has(role) ? own : null,
      ...(withTotp ? { totpSecret: TEST_TOTP_SECRET } : {}),
    });
    return id;
  }

  async function signIn(role: Role, o: { unitId?: string | null } = {}): Promise<SignedIn> {
    const username = `${role.replace(/_/g, '-')}-s${n + 1}`;
    return signInAs(await user(role, { username, ...o }));
  }

  async function signInAs(userId: string): Promise<SignedIn> {
    const row = await findUserById(database, userId);
    if (!row) throw new Error(`no user ${userId}`);
    return signInThroughApi(app, clock, {
      userId,
      username: row.username,
      withTotp: row.totp_secret !== null,
    });
  }

  return {
    app,
    database,
    clock,
    deps,
    units: { own, other },
    user,
    signIn,
    signInAs,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
