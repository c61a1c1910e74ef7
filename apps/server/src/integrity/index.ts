import type { App, AppDeps } from '../http/types.ts';
import { registerCheckpointRoutes, registerProofRoutes } from './integrity.routes.ts';
import { registerRecordProofRoutes } from './record-proofs.routes.ts';
import { registerTileRoutes } from './tiles.routes.ts';

export { recentCheckpoints, noteBody } from './checkpoints.query.ts';

/**
 * The integrity routes of issue 5: checkpoints, verifier key, receipts and proofs. Served only
 * when the app has an event store (an accounts-only app has no log to show).
 */
export function registerRoutes(app: App, deps: AppDeps): void {
  if (deps.store === undefined) return;
  registerCheckpointRoutes(app, deps);
  registerProofRoutes(app, deps);
  registerRecordProofRoutes(app, deps);
  registerTileRoutes(app, deps);
}
