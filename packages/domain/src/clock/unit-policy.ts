import { z } from 'zod';
import type { ClockSettings, SettingsHistory } from './settings.ts';
import type { LegalBasis } from './types.ts';
import { ANNEX_H, CODE_C_12_2, CODE_C_8_6, CODE_C_9_3 } from './welfare.ts';

/**
 * The figures of the clock that no Ukrainian act sets (domain.md §4): a unit's policy, set by the
 * unit's supervisor, each change an entry in the log. Statutory limits (24/60/72 h, КПК ст. 224,
 * КУпАП ст. 263 ...) are not here and cannot be changed by anyone; neither can the installation's
 * own figures (time zone, late entries, delivery explanation).
 *
 * `model` is what the figure follows where it follows anything (E&W Code C); `min`/`max` the range
 * a supervisor may set.
 */
export const UNIT_POLICY_FIELDS = {
  cellCheckMinutes: { min: 5, max: 240, model: CODE_C_9_3 },
  atRiskCellCheckMinutes: { min: 5, max: 60, model: ANNEX_H },
  cellCheckWarningMinutes: { min: 1, max: 60, model: CODE_C_9_3 },
  mealIntervalMinutes: { min: 60, max: 720, model: CODE_C_8_6 },
  restMinutes: { min: 240, max: 720, model: CODE_C_12_2 },
  restWindowMinutes: { min: 720, max: 2880, model: CODE_C_12_2 },
  welfareWarningMinutes: { min: 1, max: 120, model: null },
  rightsOverdueMinutes: { min: 5, max: 240, model: null },
  notificationOverdueMinutes: { min: 5, max: 180, model: null },
  notificationEscalateMinutes: { min: 15, max: 1440, model: null },
  notificationWarningMinutes: { min: 1, max: 60, model: null },
} as const satisfies Record<
  string,
  { min: number; max: number; model: LegalBasis | null } & Record<string, unknown>
>;

export type UnitPolicyKey = keyof typeof UNIT_POLICY_FIELDS & keyof ClockSettings;

/** The policy figures, in the order a screen lists them. */
export const UNIT_POLICY_KEYS = Object.keys(UNIT_POLICY_FIELDS) as UnitPolicyKey[];

/** A unit's policy: the figures of {@link UNIT_POLICY_FIELDS}, in minutes. */
export type UnitPolicy = Pick<ClockSettings, UnitPolicyKey>;

const field = (k: UnitPolicyKey) =>
  z.number().int().min(UNIT_POLICY_FIELDS[k].min).max(UNIT_POLICY_FIELDS[k].max);

const shape = Object.fromEntries(UNIT_POLICY_KEYS.map((k) => [k, field(k)])) as {
  [K in UnitPolicyKey]: z.ZodNumber;
};

/** One figure shorter than another (or as long, `equal`), or the policy contradicts itself. */
const ORDER: readonly {
  shorter: UnitPolicyKey;
  longer: UnitPolicyKey;
  message: string;
  equal?: true;
}[] = [
  {
    shorter: 'atRiskCellCheckMinutes',
    longer: 'cellCheckMinutes',
    message: 'the check with rousing may not be rarer than the ordinary check',
    equal: true,
  },
  {
    shorter: 'cellCheckWarningMinutes',
    longer: 'atRiskCellCheckMinutes',
    message: 'the warning must come within the shortest check interval',
  },
  {
    shorter: 'restMinutes',
    longer: 'restWindowMinutes',
    message: 'the rest must be shorter than the window it is owed in',
  },
  {
    shorter: 'welfareWarningMinutes',
    longer: 'mealIntervalMinutes',
    message: 'the warning must come within the meal interval',
  },
  {
    shorter: 'notificationWarningMinutes',
    longer: 'notificationOverdueMinutes',
    message: 'the warning must come before a notification is overdue',
  },
  {
    shorter: 'notificationOverdueMinutes',
    longer: 'notificationEscalateMinutes',
    message: 'escalation comes after a notification is overdue',
  },
];

/** A whole unit policy: every figure in its range, and the figures consistent with each other. */
export const unitPolicySchema = z.strictObject(shape).superRefine((p, ctx) => {
  for (const o of ORDER) {
    if (o.equal === true ? p[o.shorter] > p[o.longer] : p[o.shorter] >= p[o.longer]) {
      ctx.addIssue({ code: 'custom', path: [o.shorter], message: `${o.message} (${o.longer})` });
    }
  }
});

/** A change of some figures (at least one). */
export const unitPolicyPatchSchema = z
  .strictObject(shape)
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'name at least one figure to change');

/** The policy figures of full clock settings. */
export function unitPolicyOf(settings: ClockSettings): UnitPolicy {
  return Object.fromEntries(UNIT_POLICY_KEYS.map((k) => [k, settings[k]])) as UnitPolicy;
}

/**
 * The label of a figure's basis: "unit policy, modelled on PACE Code C 9.3" where it follows Code
 * C, "unit policy" where it follows nothing ("immediately", "without delay"); shown with `cite`.
 */
export function unitPolicyBasis(key: UnitPolicyKey): LegalBasis {
  const model = UNIT_POLICY_FIELDS[key].model;
  return {
    act: 'unit policy',
    article: model === null ? '' : `${model.act} ${model.article}`,
  };
}

/** One change of a unit's policy, as the clock reads it: in force from `from` (epoch ms). */
export interface PolicyChange {
  readonly from: number;
  readonly policy: UnitPolicy;
}

/**
 * The clock settings of a unit over time: the installation's settings, with each change of the
 * unit's policy merged over them from its instant on (changes in log order).
 */
export function policyHistory(
  base: ClockSettings,
  changes: readonly PolicyChange[],
): SettingsHistory {
  return {
    initial: base,
    changes: changes
      .slice()
      .sort((a, b) => a.from - b.from)
      .map((c) => ({ from: c.from, settings: { ...base, ...c.policy } })),
  };
}
