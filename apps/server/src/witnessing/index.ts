import type { App, AppDeps } from '../http/types.ts';
import { registerWitnessingRoutes } from './witnessing.routes.ts';

export { witnessingMigrations } from './witnessing.migrations.ts';
export { cosignedCheckpoint, type CosignedCheckpoint } from './witnessing.db.ts';
export { witnessedFor } from './witnessed.ts';
export { WitnessSubmitter, DEFAULT_WITNESS_INTERVAL_SECONDS } from './submitter.ts';
export { registerWitnessMetrics, witnessesView } from './witnessing.routes.ts';

/** The log's witnesses (issue 17): their status, public. Served only with an event store. */
export function registerRoutes(app: App, deps: AppDeps): void {
  if (deps.store === undefined) return;
  registerWitnessingRoutes(app, deps);
}
