import type { UnitPolicyChange, UnitPolicyView } from '@custody/contracts';
import {
  cite,
  DEFAULT_CLOCK_SETTINGS,
  policyHistory,
  UNIT_POLICY_FIELDS,
  UNIT_POLICY_KEYS,
  unitPolicyBasis,
  unitPolicyOf,
  unitPolicySchema,
  type ClockSettings,
  type ClockSettingsInput,
  type UnitPolicy,
  type UnitPolicyKey,
} from '@custody/domain';
import { accountsDb } from '../accounts/database.ts';
import { actorOf } from '../audit/read-audit.ts';
import type { UserPrincipal } from '../authz/principal.ts';
import type { Database } from '../db/database.ts';
import { int8 } from '../devices/devices.tables.ts';
import { badRequest, conflict } from '../http/problem.ts';
import type { CustodyDeps } from '../records/custody-deps.ts';
import { VersionConflictError } from '../store/index.ts';
import {
  UNIT_POLICY_CHANGES_TABLE,
  unitPolicyDb,
  type UnitPolicyChangesTable,
} from './unit-policy.tables.ts';
import { unitPolicyStream } from '../streams.ts';

/** The entry of a change: `{unitId, from, to, changed, reason}`, the actor being the supervisor. */
export const UNIT_POLICY_CHANGED = 'UnitPolicyChanged';

async function changeRows(database: Database, unitId: string): Promise<UnitPolicyChangesTable[]> {
  const rows = await unitPolicyDb(database)
    .selectFrom('unit_policy_changes')
    .selectAll()
    .where('unit_id', '=', unitId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({ ...r, version: int8(r.version), log_index: int8(r.log_index) }));
}

/** A stored policy over the installation's figures (a figure missing from it keeps the base). */
function policyOf(json: string, base: ClockSettings): UnitPolicy {
  const stored = JSON.parse(json) as Partial<Record<UnitPolicyKey, unknown>>;
  const out = unitPolicyOf(base);
  for (const k of UNIT_POLICY_KEYS) {
    const v = stored[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

/** What the clock of a unit's records needs: the installation's settings and the policy changes. */
export interface PolicySource {
  readonly database: Database;
  readonly settings?: { readonly clock: ClockSettings } | undefined;
}

/**
 * The clock settings of a unit's records: the one home the record page, the whiteboard, the
 * reports and the documents take them from. The installation's settings, with each change of the
 * unit's policy in force from the instant it was recorded; the clock applies each to the
 * intervals that start after it (domain unit-policy.ts).
 */
export async function unitClockSettings(
  source: PolicySource,
  unitId: string,
): Promise<ClockSettingsInput> {
  return clockOf(source, await changeRows(source.database, unitId));
}

/** The clock settings over a unit's policy changes (in version order). */
function clockOf(
  source: PolicySource,
  rows: readonly UnitPolicyChangesTable[],
): ClockSettingsInput {
  const base = source.settings?.clock ?? DEFAULT_CLOCK_SETTINGS;
  if (rows.length === 0) return base;
  return policyHistory(
    base,
    rows.map((r) => ({ from: Date.parse(r.changed_at), policy: policyOf(r.to_policy, base) })),
  );
}

/**
 * {@link unitClockSettings} of several units: their changes read in one query per 500 units (a
 * report over the 600 units of a national year made one query per unit).
 */
export async function unitsClockSettings(
  source: PolicySource,
  unitIds: readonly string[],
): Promise<Map<string, ClockSettingsInput>> {
  const ids = [...new Set(unitIds)];
  const changes = new Map<string, UnitPolicyChangesTable[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await unitPolicyDb(source.database)
      .selectFrom('unit_policy_changes')
      .selectAll()
      .where('unit_id', 'in', ids.slice(i, i + 500))
      .orderBy('unit_id')
      .orderBy('version')
      .execute();
    for (const r of rows) {
      changes
        .get(r.unit_id)
        ?.push({ ...r, version: int8(r.version), log_index: int8(r.log_index) });
    }
  }
  return new Map(ids.map((id) => [id, clockOf(source, changes.get(id) ?? [])]));
}

/** The unit's policy now and its changes, newest first. */
export async function unitPolicyView(
  source: PolicySource,
  unitId: string,
  canChange: boolean,
): Promise<UnitPolicyView> {
  const base = source.settings?.clock ?? DEFAULT_CLOCK_SETTINGS;
  const rows = await changeRows(source.database, unitId);
  const last = rows.at(-1);
  const current = last === undefined ? unitPolicyOf(base) : policyOf(last.to_policy, base);
  const names = new Map(
    rows.length === 0
      ? []
      : (
          await accountsDb(source.database)
            .selectFrom('users')
            .select(['id', 'display_name'])
            .where('id', 'in', [...new Set(rows.map((r) => r.user_id))])
            .execute()
        ).map((u) => [u.id, u.display_name]),
  );
  const history: UnitPolicyChange[] = rows
    .map((r) => {
      const from = policyOf(r.from_policy, base);
      const to = policyOf(r.to_policy, base);
      return {
        id: r.change_id,
        at: r.changed_at,
        by: { id: r.user_id, displayName: names.get(r.user_id) ?? r.user_id },
        reason: r.reason,
        changes: UNIT_POLICY_KEYS.filter((k) => from[k] !== to[k]).map((k) => ({
          key: k,
          from: from[k],
          to: to[k],
        })),
        logIndex: r.log_index,
      };
    })
    .reverse();
  return {
    unitId,
    version: last?.version ?? 0,
    fields: UNIT_POLICY_KEYS.map((key) => {
      const basis = unitPolicyBasis(key);
      return {
        key,
        minutes: current[key],
        installationMinutes: base[key],
        min: UNIT_POLICY_FIELDS[key].min,
        max: UNIT_POLICY_FIELDS[key].max,
        basis: { uk: cite(basis, 'uk'), en: cite(basis, 'en') },
      };
    }),
    history,
    canChange,
  };
}

/**
 * Changes the unit's policy: the figures named in `values`, the rest kept. The whole new policy
 * must hold together (unitPolicySchema), else 400 and nothing is stored; a change that changes
 * nothing is refused too. The change is an entry of the unit's log stream, with the read-model
 * row written in the same transaction; it is in force from its recording time.
 */
export async function changeUnitPolicy(
  deps: CustodyDeps,
  principal: UserPrincipal,
  unitId: string,
  request: { expectedVersion: number; values: Partial<UnitPolicy>; reason: string },
): Promise<void> {
  const base = deps.settings.clock;
  const rows = await changeRows(deps.database, unitId);
  const version = rows.at(-1)?.version ?? 0;
  if (request.expectedVersion !== version) throw changed();
  const from =
    rows.length === 0
      ? unitPolicyOf(base)
      : policyOf(rows[rows.length - 1]?.to_policy ?? '{}', base);
  const to = { ...from, ...request.values };
  const checked = unitPolicySchema.safeParse(to);
  if (!checked.success) {
    throw badRequest(
      'Політика суперечлива або поза межами. The policy is out of range or inconsistent.',
      checked.error.issues.map((i) => ({
        path: `body.values.${i.path.join('.')}`,
        message: i.message,
      })),
    );
  }
  const changedKeys = UNIT_POLICY_KEYS.filter((k) => from[k] !== to[k]);
  if (changedKeys.length === 0) {
    throw badRequest('Нічого не змінено. Nothing changes.', [
      { path: 'body.values', message: 'every figure given equals the policy in force' },
    ]);
  }
  const now = deps.clock().toISOString();
  const id = deps.ids();
  const event = {
    id,
    type: UNIT_POLICY_CHANGED,
    occurredAt: now,
    recordedAt: now,
    actor: actorOf(principal),
    payload: { unitId, from, to, changed: changedKeys, reason: request.reason },
  };
  const row = {
    change_id: id,
    unit_id: unitId,
    changed_at: now,
    user_id: principal.userId,
    from_policy: JSON.stringify(from),
    to_policy: JSON.stringify(to),
    reason: request.reason,
  };
  try {
    await deps.store.append(unitPolicyStream(unitId), version, [event], {
      readModels: [{ table: UNIT_POLICY_CHANGES_TABLE, values: row }],
    });
  } catch (error) {
    if (error instanceof VersionConflictError) throw changed();
    throw error;
  }
  deps.live.appended();
}

const changed = () =>
  conflict(
    'version_conflict',
    'Політику щойно змінено; перегляньте й повторіть. The policy changed; review and retry.',
  );
