import type { App, AppDeps } from '../http/types.ts';
import { registerApiTokenRoutes } from './api-tokens.routes.ts';
import { registerSessionRoutes } from './session.routes.ts';
import { registerUnitRoutes } from './units.routes.ts';
import { registerUserRoutes } from './users.routes.ts';

export { migrations } from './migrations.ts';
export { createUnit, createRoom, listUnits } from './units.ts';
export { createUser, type NewUser } from './users.ts';
export { SESSION_COOKIE } from './sessions.ts';

/** Routes of accounts: session, users, units and rooms, API tokens. */
export function registerRoutes(app: App, deps: AppDeps): void {
  registerSessionRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerUnitRoutes(app, deps);
  registerApiTokenRoutes(app, deps);
}
