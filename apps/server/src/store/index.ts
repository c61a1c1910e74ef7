export { createEventStore } from './event-store.ts';
export { verifyLog } from './verify-log.ts';
export { storeMigrations } from './store.migrations.ts';
export { ErasureError } from './plan-batch.ts';
export { VersionConflictError } from './types.ts';
export type {
  AppendResult,
  CheckpointInfo,
  ErasureResult,
  EventStore,
  EventStoreDeps,
  ExpectedVersion,
  NewEvent,
  Receipt,
  StoredEvent,
  VerifyOptions,
  VerifyProblem,
  VerifyReport,
} from './types.ts';
