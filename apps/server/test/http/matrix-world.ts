import { UNIT_ROLES, type CommandResult, type Role, type TokenScope } from '@custody/contracts';
import type { CommandType } from '@custody/domain';
import { generateCosignerKey, generateSignerKey, parsePolicy } from '@custody/ledger';
import { createApiToken } from '../../src/accounts/api-tokens.ts';
import type { DialectName } from '../../src/db/database.ts';
import { createGrant } from '../../src/grants/index.ts';
import { custodyClient, ok } from './custody-client.ts';
import { custodyHarness, ORIGIN, type CustodyHarness } from './custody-harness.ts';
import { WALK, TRANSFER, type WalkRefs, type WalkStep } from './command-walk.ts';
import type { SignedIn } from './harness.ts';

/** Who calls: nobody, a signed-in person (maybe holding a grant), or an API token. */
export type Caller =
  | { readonly kind: 'anonymous'; readonly name: string }
  | {
      readonly kind: 'user';
      readonly name: string;
      readonly role: Role;
      readonly unitId: string | null;
      /** A monitor's or lawyer's grant naming the other unit (or its record). */
      readonly grant?: { readonly on: 'unit' | 'record'; readonly active: boolean };
      readonly session: SignedIn;
    }
  | {
      readonly kind: 'token';
      readonly name: string;
      readonly scopes: readonly TokenScope[];
      readonly unitId: string | null;
      readonly token: string;
    };

/** What a request names: a unit and the record, entry and attachment seeded in it. */
export interface Target {
  readonly name: 'own' | 'other';
  readonly unitId: string;
  readonly recordId: string;
  readonly logIndex: number;
  readonly sha256: string;
  readonly events: Readonly<Record<string, string>>;
}

export interface MatrixWorld {
  readonly h: CustodyHarness;
  readonly callers: readonly Caller[];
  readonly targets: readonly [Target, Target];
  /** Walk users by role, for command payloads that name people. */
  readonly userIds: Readonly<Partial<Record<Role, string>>>;
  /** A lawyer who is never a caller: grants created by the matrix name them. */
  readonly spareGranteeId: string;
  /** A person whose credentials the sign-in route is called with. */
  readonly spareLogin: { readonly username: string; readonly password: string };
  /** A room of the own unit. */
  readonly roomId: string;
  close(): Promise<void>;
}

/** The bytes of a small PNG, distinct per seed so that each attachment names one record. */
export function pngBytes(seed: string): Buffer {
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(seed)]);
}

/** The walk without the steps that end custody or change who may see health data. */
export const SEED_STEPS: readonly WalkStep[] = WALK.filter(
  (s) => !['ReleaseDetainee', 'EraseEventPayload', 'RecordHealthDataConsent'].includes(s.type),
);

/** The walk step of a command type, for a valid body. */
export function stepOf(type: string): WalkStep | undefined {
  return type === TRANSFER.type ? TRANSFER : WALK.find((s) => s.type === type);
}

async function seedRecord(
  h: CustodyHarness,
  staff: Readonly<Record<string, SignedIn>>,
  unitId: string,
  steps: readonly WalkStep[],
): Promise<Target & { userIds: Record<string, string> }> {
  const c = custodyClient(h);
  const as = (role: Role): SignedIn => {
    const s = staff[role];
    if (s === undefined) throw new Error(`no ${role} in the seed`);
    return s;
  };
  const t0 = new Date(h.clock.now().getTime() - 10 * 60_000).toISOString();
  const opened = ok<CommandResult>(await c.open(as('detaining_officer'), t0));
  const events: Record<string, string> = {};
  const userIds = Object.fromEntries(Object.entries(staff).map(([r, u]) => [r, u.userId]));
  let version = opened.version;
  for (const step of steps) {
    h.clock.advance(20);
    const refs: WalkRefs = { users: userIds, events, unitId, now: h.clock.now().toISOString(), t0 };
    const result = ok<CommandResult>(
      await c.command(as(step.role), opened.recordId, step.type, {
        occurredAt: refs.now,
        expectedVersion: version,
        payload: step.payload(refs),
      }),
    );
    version = result.version;
    if (step.as !== undefined && result.events[0]) events[step.as] = result.events[0].eventId;
  }
  const upload = await h.app.inject({
    method: 'POST',
    url: `/api/v1/records/${opened.recordId}/attachments`,
    headers: { ...as('duty_inspector').headers, 'content-type': 'image/png' },
    payload: pngBytes(opened.recordId),
  });
  const { sha256 } = ok<{ sha256: string }>(upload);
  const logIndex = opened.events[0]?.logIndex ?? -1;
  return { name: 'own', unitId, recordId: opened.recordId, logIndex, sha256, events, userIds };
}

async function staffOf(h: CustodyHarness, unitId: string): Promise<Record<string, SignedIn>> {
  const out: Record<string, SignedIn> = {};
  for (const role of UNIT_ROLES) out[role] = await h.signIn(role, { unitId });
  out['hq'] = await h.signIn('hq');
  return out;
}

async function grantees(h: CustodyHarness, other: Target, hqId: string): Promise<Caller[]> {
  const now = h.clock.now().getTime();
  const day = 86_400_000;
  const active = { from: new Date(now - day).toISOString(), until: new Date(now + 30 * day) };
  const expired = { from: new Date(now - 10 * day).toISOString(), until: new Date(now - day) };
  const out: Caller[] = [];
  for (const role of ['monitor', 'lawyer'] as const) {
    const on = role === 'monitor' ? 'unit' : 'record';
    for (const window of [active, expired, null]) {
      const session = await h.signIn(role);
      const state = window === null ? 'no grant' : window === active ? 'grant' : 'expired grant';
      if (window !== null) {
        const scope =
          on === 'unit'
            ? { kind: 'units' as const, unitIds: [other.unitId] }
            : { kind: 'record' as const, recordId: other.recordId };
        await createGrant(
          h.database,
          {
            granteeId: session.userId,
            scope,
            unitIds: [other.unitId],
            validFrom: window.from,
            validUntil: window.until.toISOString(),
            purpose: 'Візит НПМ',
          },
          hqId,
          h.clock.now(),
        );
      }
      out.push({
        kind: 'user',
        name: `${role} (${state})`,
        role,
        unitId: null,
        session,
        ...(window === null ? {} : { grant: { on, active: window === active } }),
      });
    }
  }
  return out;
}

/**
 * Tokens within what their issuers may do (authz/token-ceiling.ts): the record tokens issued by
 * the own unit's custody inspector, the metrics token by an administrator.
 */
async function tokens(
  h: CustodyHarness,
  own: string,
  inspector: string,
  admin: string,
): Promise<Caller[]> {
  const specs: { name: string; scopes: TokenScope[]; unitId: string | null; by: string }[] = [
    {
      name: 'token records:read+integrity:read (own unit)',
      scopes: ['records:read', 'integrity:read'],
      unitId: own,
      by: inspector,
    },
    {
      name: 'token records:write (own unit)',
      scopes: ['records:write'],
      unitId: own,
      by: inspector,
    },
    { name: 'token metrics (no unit)', scopes: ['metrics'], unitId: null, by: admin },
  ];
  const expiresAt = new Date(h.clock.now().getTime() + 365 * 86_400_000).toISOString();
  const out: Caller[] = [];
  for (const s of specs) {
    const created = await createApiToken(h.database, { ...s, expiresAt }, s.by, h.clock.now());
    out.push({
      kind: 'token',
      name: s.name,
      scopes: s.scopes,
      unitId: s.unitId,
      token: created.token,
    });
  }
  return out;
}

/**
 * The full app (event store, verifier key, attachments) on a fresh database of the dialect, with a
 * walked record and an attachment in each of two units, and every kind of caller: anonymous, each
 * unit role of the own unit, hq, admin, monitors and lawyers with an active, an expired and no
 * grant on the other unit (monitors) or its record (lawyers), and API tokens with and without the
 * scopes the record routes need. Each record is walked through `steps` (default: all but the end).
 */
export async function matrixWorld(
  dialect: DialectName,
  steps: readonly WalkStep[] = SEED_STEPS,
): Promise<MatrixWorld> {
  // A witnessed log (issue 17), so that the witness policy route is served and the witnessed
  // checkpoint is looked up on every proof route.
  const log = generateSignerKey(ORIGIN);
  const witnessPolicy = parsePolicy(
    `log ${log.vkey}\nwitness w ${generateCosignerKey('w.example/w').vkey}\nquorum w\n`,
  );
  const h = await custodyHarness(dialect, { full: true, skey: log.skey, deps: { witnessPolicy } });
  const ownStaff = await staffOf(h, h.units.own);
  const otherStaff = await staffOf(h, h.units.other);
  const ownSeed = await seedRecord(h, ownStaff, h.units.own, steps);
  const otherSeed = await seedRecord(h, otherStaff, h.units.other, steps);
  const hq = ownStaff['hq'];
  if (hq === undefined) throw new Error('no hq');
  const admin = await h.signIn('admin');
  const callers: Caller[] = [{ kind: 'anonymous', name: 'anonymous' }];
  for (const role of UNIT_ROLES) {
    const session = ownStaff[role];
    if (session === undefined) throw new Error(`no ${role}`);
    callers.push({ kind: 'user', name: role, role, unitId: h.units.own, session });
  }
  callers.push({ kind: 'user', name: 'hq', role: 'hq', unitId: null, session: hq });
  callers.push({ kind: 'user', name: 'admin', role: 'admin', unitId: null, session: admin });
  const other: Target = { ...otherSeed, name: 'other' };
  callers.push(...(await grantees(h, other, hq.userId)));
  const inspector = ownStaff['custody_inspector'];
  if (inspector === undefined) throw new Error('no custody inspector');
  callers.push(...(await tokens(h, h.units.own, inspector.userId, admin.userId)));
  const spare = await h.signIn('lawyer');
  const login = await h.signIn('investigator');
  const room = ok<{ id: string }>(
    await h.app.inject({
      method: 'POST',
      url: `/api/v1/units/${h.units.own}/rooms`,
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: { name: 'Камера 1', kind: 'cell' },
    }),
  );
  return {
    h,
    callers,
    targets: [{ ...ownSeed, name: 'own' }, other],
    userIds: ownSeed.userIds,
    spareGranteeId: spare.userId,
    spareLogin: { username: login.username, password: 'correct horse battery staple' },
    roomId: room.id,
    close: () => h.close(),
  };
}

/** The command type of a command route, or null. */
export function commandOf(url: string): CommandType | null {
  const m = /\/commands\/([A-Za-z]+)$/.exec(url);
  return m?.[1] === undefined ? null : (m[1] as CommandType);
}
