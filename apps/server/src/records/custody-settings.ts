import {
  DEFAULT_CLOCK_SETTINGS,
  DEFAULT_DECIDE_SETTINGS,
  type ClockSettings,
  type DecideSettings,
} from '@custody/domain';

/** The figures a unit may configure (domain.md §4 *defaults*): clock settings and decide settings. */
export interface CustodySettings {
  readonly clock: ClockSettings;
  readonly decide: DecideSettings;
}

/** Defaults of domain.md §3-§4, with one late-entry limit for both the clock and `decide`. */
export function defaultCustodySettings(lateEntryMinutes = 15): CustodySettings {
  return {
    clock: { ...DEFAULT_CLOCK_SETTINGS, lateEntryMinutes },
    decide: { ...DEFAULT_DECIDE_SETTINGS, lateEntryMinutes },
  };
}
