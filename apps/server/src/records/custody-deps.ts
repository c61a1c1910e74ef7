import {
  DEFAULT_CLOCK_SETTINGS,
  DEFAULT_DECIDE_SETTINGS,
  type ClockSettings,
  type DecideSettings,
} from '@custody/domain';
import type { AppDeps } from '../http/types.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { EventStore } from '../store/index.ts';

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

/** AppDeps with everything the custody record features need present. */
export type CustodyDeps = AppDeps & {
  readonly store: EventStore;
  readonly ids: () => string;
  readonly settings: CustodySettings;
  readonly live: LiveBus;
};

/** The custody deps, or null when the app was built without an event store (accounts-only tests). */
export function custodyDeps(deps: AppDeps): CustodyDeps | null {
  const { store, ids, settings, live } = deps;
  if (store === undefined || ids === undefined || settings === undefined || live === undefined) {
    return null;
  }
  return { ...deps, store, ids, settings, live };
}
