import { registerAccessLogRoutes } from '../audit/access-log.routes.ts';
import { registerDeviceRoutes } from '../devices/devices.routes.ts';
import type { App, AppDeps } from '../http/types.ts';
import { registerLiveRoutes } from '../live/live.routes.ts';
import { registerUnitPolicyRoutes } from '../policy/unit-policy.routes.ts';
import { registerWhiteboardRoutes } from '../whiteboard/whiteboard.routes.ts';
import { custodyDeps } from './custody-deps.ts';
import { RecordCache } from './record-cache.ts';
import { registerRecordRoutes } from './records.routes.ts';

export { COMMAND_ACTIONS } from './command-actions.ts';
export { type CustodyDeps } from './custody-deps.ts';
export { defaultCustodySettings, type CustodySettings } from './custody-settings.ts';
export { commandUrl, RECORD_COMMAND_TYPES } from './records.routes.ts';

/**
 * The custody record features (records, read audit, whiteboard, live updates, device sync, unit
 * policy), sharing one cache
 * of folded records. Served only when the app has an event store.
 */
export function registerRoutes(app: App, deps: AppDeps): void {
  const custody = custodyDeps(deps);
  if (custody === null) return;
  const cache = new RecordCache(custody.store);
  registerRecordRoutes(app, { deps: custody, cache });
  registerAccessLogRoutes(app, custody);
  registerWhiteboardRoutes(app, custody, cache);
  registerLiveRoutes(app, custody);
  registerDeviceRoutes(app, { deps: custody, cache });
  registerUnitPolicyRoutes(app, custody);
}
