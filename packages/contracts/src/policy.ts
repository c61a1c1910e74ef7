import { UNIT_POLICY_KEYS, unitPolicyPatchSchema } from '@custody/domain';
import { z } from 'zod';

const isoInstant = z.string().describe('ISO-8601 UTC instant');

/** A figure of a unit's policy (domain.md §4: no Ukrainian act sets it). */
export const UnitPolicyKey = z.enum(UNIT_POLICY_KEYS as [string, ...string[]]);

/** One figure as the unit has it now, with its range and what it is modelled on. */
export const UnitPolicyField = z.object({
  key: UnitPolicyKey,
  minutes: z.int(),
  /** The installation's figure, which the unit has until its supervisor changes it. */
  installationMinutes: z.int(),
  min: z.int(),
  max: z.int(),
  /** "політика підрозділу; за зразком …" / "unit policy, modelled on PACE Code C 9.3". */
  basis: z.object({ uk: z.string(), en: z.string() }),
});
export type UnitPolicyField = z.infer<typeof UnitPolicyField>;

/** One change of a unit's policy, as its log entry says: who, when, why, old and new figures. */
export const UnitPolicyChange = z.object({
  id: z.string(),
  at: isoInstant,
  by: z.object({ id: z.string(), displayName: z.string() }),
  reason: z.string(),
  changes: z.array(z.object({ key: UnitPolicyKey, from: z.int(), to: z.int() })),
  /** The log index of the entry (integrity.md: its inclusion can be proved). */
  logIndex: z.int(),
});
export type UnitPolicyChange = z.infer<typeof UnitPolicyChange>;

/** `GET /api/v1/units/:unitId/policy`. */
export const UnitPolicyView = z.object({
  unitId: z.string(),
  /** The number of changes so far: a change names it as `expectedVersion`. */
  version: z.int().nonnegative(),
  fields: z.array(UnitPolicyField),
  /** Newest first. */
  history: z.array(UnitPolicyChange),
  /** Whether the caller may change the policy (the unit's supervisor). */
  canChange: z.boolean(),
});
export type UnitPolicyView = z.infer<typeof UnitPolicyView>;

/** `POST /api/v1/units/:unitId/policy/changes`: the figures to change and why. */
export const UnitPolicyChangeRequest = z.strictObject({
  expectedVersion: z.int().nonnegative(),
  values: unitPolicyPatchSchema,
  reason: z.string().trim().min(3).max(500),
});
export type UnitPolicyChangeRequest = z.input<typeof UnitPolicyChangeRequest>;
