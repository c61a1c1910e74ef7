import type { Role } from '@custody/contracts';
import { accountsDb } from '../accounts/database.ts';
import { createRoom, createUnit } from '../accounts/index.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { UsersTable } from '../accounts/tables.ts';
import { normalizeUsername } from '../accounts/users.ts';
import type { Database } from '../db/database.ts';
import { createGrant } from '../grants/grants.ts';
import { CellPlanner, type DemoCell } from './cell-planner.ts';
import { CITIES, ukrainianName, type City } from './demo-names.ts';
import type { Rng } from './prng.ts';

/** The password of every demo account. DEMO ONLY: printed at start-up, never for real use. */
export const DEMO_PASSWORD = 'demo-custody';
/**
 * The TOTP secret (RFC 6238, base32) of the demo supervisor, hq and admin accounts. DEMO ONLY:
 * a published secret; real accounts set up their own second factor at first sign-in.
 */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

export interface StaffMember {
  readonly id: string;
  readonly role: Role;
  readonly name: string;
}

export interface DemoUnit {
  readonly id: string;
  readonly city: City;
  readonly cells: readonly DemoCell[];
  /** Places detainees in the cells so that no placement breaks a placement rule (domain.md §4). */
  readonly planner: CellPlanner;
  readonly zoneId: string;
  readonly interviewRoomId: string;
  readonly officers: readonly StaffMember[];
  readonly duty: StaffMember;
  readonly inspector: StaffMember;
  readonly investigator: StaffMember;
  readonly medic: StaffMember;
  readonly supervisor: StaffMember;
}

export interface SignIn {
  readonly role: Role;
  readonly username: string;
  readonly unit: string | null;
  readonly totp: boolean;
}

export interface DemoStaff {
  readonly units: readonly DemoUnit[];
  readonly signIns: readonly SignIn[];
}

const TOTP_ROLES: ReadonlySet<Role> = new Set(['supervisor', 'hq', 'admin']);
const UNIT_USERNAMES: readonly [Role, string][] = [
  ['detaining_officer', 'officer'],
  ['duty_inspector', 'duty'],
  ['custody_inspector', 'inspector'],
  ['investigator', 'investigator'],
  ['medical', 'medic'],
  ['supervisor', 'supervisor'],
];

/**
 * Demo accounts, inserted in one statement with one argon2id hash of the demo password: hashing
 * 25 times would cost seconds of start-up for nothing (every demo account shares the password).
 */
class Accounts {
  readonly rows: UsersTable[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly now: Date,
  ) {}

  add(username: string, role: Role, name: string, unitId: string | null): StaffMember {
    const id = this.rng.uuid();
    this.rows.push({
      id,
      username: normalizeUsername(username),
      display_name: name,
      password_hash: '',
      role,
      unit_id: unitId,
      locale: 'uk',
      totp_secret: TOTP_ROLES.has(role) ? DEMO_TOTP_SECRET : null,
      totp_pending_secret: null,
      totp_last_step: null,
      disabled: 0,
      created_at: this.now.toISOString(),
    });
    return { id, role, name };
  }

  async insert(database: Database): Promise<void> {
    const hash = await hashPassword(DEMO_PASSWORD);
    const rows = this.rows.map((r) => ({ ...r, password_hash: hash }));
    // 1,000 rows of 12 parameters per statement: below SQLite's limit of 32,766 (extra units).
    for (let at = 0; at < rows.length; at += 1000) {
      await accountsDb(database)
        .insertInto('users')
        .values(rows.slice(at, at + 1000))
        .execute();
    }
  }
}

const NATIONAL: readonly [Role, string, string][] = [
  ['hq', 'hq', 'Департамент забезпечення дотримання прав людини НПУ'],
  ['monitor', 'monitor', 'Монітор НПМ (Уповноважений ВРУ з прав людини)'],
  ['lawyer', 'lawyer', 'Адвокат'],
  ['admin', 'admin', 'Адміністратор системи'],
];

/** The demo's sign-ins: every role of the Київ unit, the national accounts, then Львів and Харків. */
export function demoSignIns(): SignIn[] {
  const unit = (city: City, first: boolean) =>
    UNIT_USERNAMES.map(([role, name]) => ({
      role,
      username: `${first ? '' : `${city.key}.`}${name}`,
      unit: city.unit,
      totp: TOTP_ROLES.has(role),
    }));
  const [kyiv, ...others] = CITIES;
  return [
    ...unit(kyiv, true),
    ...NATIONAL.map(([role, username]) => ({
      role,
      username,
      unit: null,
      totp: TOTP_ROLES.has(role),
    })),
    ...others.flatMap((c) => unit(c, false)),
  ];
}

async function rooms(database: Database, unitId: string) {
  const zone = await createRoom(database, unitId, {
    name: 'Зона Custody Records',
    kind: 'zone',
    capacity: 12,
    parentId: null,
  });
  if (zone === 'no_parent') throw new Error('demo zone not created');
  const room = (name: string, kind: 'cell' | 'interview' | 'medical', capacity: number) =>
    createRoom(database, unitId, { name, kind, capacity, parentId: zone.id });
  const cells = [];
  for (let i = 1; i <= 6; i++) {
    const cell = await room(`Кімната для затриманих № ${i}`, 'cell', 2);
    if (cell !== 'no_parent') cells.push({ id: cell.id, name: cell.name, capacity: cell.capacity });
  }
  const interview = await room('Кімната для проведення слідчих дій', 'interview', 4);
  await room('Медичний кабінет', 'medical', 2);
  if (interview === 'no_parent') throw new Error('demo room not created');
  return { zoneId: zone.id, cells, planner: new CellPlanner(cells), interviewRoomId: interview.id };
}

async function unitStaff(
  database: Database,
  rng: Rng,
  accounts: Accounts,
  city: City,
  first: boolean,
  copy?: number,
) {
  const { id } = await createUnit(database, {
    name: copy === undefined ? city.unit : `${city.unit} (${copy})`,
    code: copy === undefined ? city.code : `${city.code}-${copy}`,
  });
  const prefix = first ? '' : copy === undefined ? `${city.key}.` : `${city.key}${copy}.`;
  const members = UNIT_USERNAMES.map(([role, name]) =>
    accounts.add(`${prefix}${name}`, role, ukrainianName(rng).short, id),
  );
  const name = ukrainianName(rng).short;
  const second = accounts.add(`${prefix}officer2`, 'detaining_officer', name, id);
  const [officer, duty, inspector, investigator, medic, supervisor] = members;
  if (!officer || !duty || !inspector || !investigator || !medic || !supervisor) {
    throw new Error('demo staff incomplete');
  }
  const unit: DemoUnit = {
    id,
    city,
    ...(await rooms(database, id)),
    officers: [officer, second],
    duty,
    inspector,
    investigator,
    medic,
    supervisor,
  };
  return unit;
}

/**
 * Creates the demo's three units (Київ, Львів, Харків) with a Custody Records zone, six cells,
 * an interview and a medical room each, their staff in every unit role (domain.md §2), and the
 * national accounts: HQ, an Ombudsman monitor with a visit grant to Київ, a lawyer and an admin.
 * `extraUnits` more units (for load tests: the national year of bench/) copy the three cities in
 * turn, numbered in their name, code and usernames (`kyiv4.duty`, code `KV-SHEV-4`).
 */
export async function seedStaff(
  database: Database,
  rng: Rng,
  now: Date,
  extraUnits = 0,
): Promise<DemoStaff> {
  const units: DemoUnit[] = [];
  const accounts = new Accounts(rng, now);
  for (const [i, city] of CITIES.entries()) {
    units.push(await unitStaff(database, rng, accounts, city, i === 0));
  }
  for (let n = 0; n < extraUnits; n++) {
    const city = CITIES[n % CITIES.length];
    if (city === undefined) throw new Error('no demo city');
    units.push(await unitStaff(database, rng, accounts, city, false, n + CITIES.length));
  }
  const people = NATIONAL.map(([role, username, what]) =>
    accounts.add(username, role, `${ukrainianName(rng).short} (${what})`, null),
  );
  await accounts.insert(database);
  const kyiv = units[0];
  const hq = people[0];
  const monitor = people[1];
  // Granted by HQ, as the grants route allows (an administrator may not open custody content).
  if (kyiv && monitor && hq) {
    await createGrant(
      database,
      {
        granteeId: monitor.id,
        scope: { kind: 'units', unitIds: [kyiv.id] },
        unitIds: [kyiv.id],
        validFrom: new Date(now.getTime() - 3_600_000).toISOString(),
        validUntil: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
        purpose: 'Візит НПМ (демо) / NPM visit (demo)',
      },
      hq.id,
      now,
    );
  }
  return { units, signIns: demoSignIns() };
}
