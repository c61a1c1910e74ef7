import { z } from 'zod';
import { DEFAULT_TIME_ZONE } from './time.ts';

const minutes = (max: number) => z.number().int().min(1).max(max);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Per-unit settings of the clock. Everything here comes from practice rather than statute
 * (domain.md §4, marked *default*) and may be changed by a unit; statutory limits are not settings.
 */
export const clockSettingsSchema = z.strictObject({
  /** Cell check interval (E&W Code C 9.3). */
  cellCheckMinutes: minutes(24 * 60),
  /** Cell check interval with rousing for intoxicated or at-risk detainees (Code C Annex H). */
  atRiskCellCheckMinutes: minutes(24 * 60),
  /** Warning before a cell check falls due. */
  cellCheckWarningMinutes: minutes(24 * 60),
  /** A meal at least this often (Code C 8.6: two light and one main meal in 24 h). */
  mealIntervalMinutes: minutes(24 * 60),
  /** Continuous rest owed in every 24 h (Code C 12.2). */
  restMinutes: minutes(24 * 60),
  /** The window within which the continuous rest is owed. */
  restWindowMinutes: minutes(7 * 24 * 60),
  /** Warning before a meal or a rest period falls due. */
  welfareWarningMinutes: minutes(24 * 60),
  /** "Immediately" (негайно) made concrete: a notification is overdue after this. */
  notificationOverdueMinutes: minutes(24 * 60),
  /** A notification still not made is escalated to supervisors after this (CMU 1363 practice: 3 h). */
  notificationEscalateMinutes: minutes(7 * 24 * 60),
  /** Warning before a notification becomes overdue. */
  notificationWarningMinutes: minutes(24 * 60),
  /**
   * Rights and grounds explained "without delay" (КПК ст. 208 ч. 4; КУпАП ст. 261) made concrete:
   * overdue this long after actual detention; *default* 60 min, at the latest on arrival (a delivery
   * is expected within 1 h, domain.md §3.2). Unit policy, not law.
   */
  rightsOverdueMinutes: minutes(24 * 60),
  /** A delivery from actual detention to the unit taking longer than this must be explained. */
  deliveryExplanationMinutes: minutes(24 * 60),
  /** Interrogation without a break (КПК ст. 224 ч. 2: 2 h). */
  interrogationContinuousMinutes: minutes(24 * 60),
  /** Interrogation in total per calendar day (КПК ст. 224 ч. 2: 8 h). */
  interrogationDailyMinutes: minutes(24 * 60),
  /** Warning before an interrogation limit is reached. */
  interrogationWarningMinutes: minutes(24 * 60),
  /** An entry recorded this long after it occurred is marked late (domain.md §3). */
  lateEntryMinutes: minutes(24 * 60),
  /** Zone of the unit: calendar days (КПК ст. 224) and displayed times. */
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'expected an IANA time zone'),
});

/** Settings of the legal clock for one unit; see {@link clockSettingsSchema}. */
export type ClockSettings = z.infer<typeof clockSettingsSchema>;

/** The defaults of domain.md §4 (marked *default* there). */
export const DEFAULT_CLOCK_SETTINGS: ClockSettings = Object.freeze({
  cellCheckMinutes: 60,
  atRiskCellCheckMinutes: 30,
  cellCheckWarningMinutes: 10,
  mealIntervalMinutes: 6 * 60,
  restMinutes: 8 * 60,
  restWindowMinutes: 24 * 60,
  welfareWarningMinutes: 30,
  notificationOverdueMinutes: 30,
  notificationEscalateMinutes: 3 * 60,
  notificationWarningMinutes: 15,
  rightsOverdueMinutes: 60,
  deliveryExplanationMinutes: 60,
  interrogationContinuousMinutes: 2 * 60,
  interrogationDailyMinutes: 8 * 60,
  interrogationWarningMinutes: 15,
  lateEntryMinutes: 15,
  timeZone: DEFAULT_TIME_ZONE,
});

/** Partial unit configuration merged over the defaults and validated. */
export const clockSettingsOverridesSchema = clockSettingsSchema.partial();

/** Unit configuration (possibly partial) merged over {@link DEFAULT_CLOCK_SETTINGS}, validated. */
export function resolveClockSettings(overrides: unknown = {}): ClockSettings {
  const partial = clockSettingsOverridesSchema.parse(overrides);
  return clockSettingsSchema.parse({ ...DEFAULT_CLOCK_SETTINGS, ...partial });
}

/** The settings in force from an instant on (a unit's policy change, merged over the installation's). */
export interface SettingsPeriod {
  /** Epoch milliseconds from which these settings are in force. */
  readonly from: number;
  readonly settings: ClockSettings;
}

/**
 * Settings that changed over time: `initial` before the first change, then each change from its
 * instant (sorted by `from`). The clock takes each obligation's interval from the settings in
 * force when that interval started (unit-policy.ts).
 */
export interface SettingsHistory {
  readonly initial: ClockSettings;
  readonly changes: readonly SettingsPeriod[];
}

/** What the clock accepts: one set of settings, or settings that changed over time. */
export type ClockSettingsInput = ClockSettings | SettingsHistory;

function isHistory(input: ClockSettingsInput): input is SettingsHistory {
  return 'initial' in input;
}

/** The settings in force at `at` (epoch ms). */
export function settingsAt(input: ClockSettingsInput, at: number): ClockSettings {
  if (!isHistory(input)) return input;
  let current = input.initial;
  for (const c of input.changes) {
    if (c.from > at) break;
    current = c.settings;
  }
  return current;
}
