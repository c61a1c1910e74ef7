import type { AppDeps } from '../http/types.ts';
import type { LiveBus } from '../live/live-bus.ts';
import type { EventStore } from '../store/index.ts';
import type { CustodySettings } from './custody-settings.ts';

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
