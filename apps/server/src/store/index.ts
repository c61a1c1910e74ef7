export { createEventStore } from './event-store.ts';
export { verifyLog } from './verify-log.ts';
export { storeMigrations } from './store.migrations.ts';
export { ErasureError } from './plan-batch.ts';
export { VersionConflictError } from './types.ts';
export type { SqlValue } from './statements.ts';
export type { Sql } from './transaction.ts';
export type {
  AppendOptions,
  AppendResult,
  CheckpointInfo,
  ErasureOptions,
  ErasureResult,
  EventStore,
  EventStoreDeps,
  ExpectedVersion,
  LockedLog,
  NewEvent,
  ReadModelRow,
  ReadModelTable,
  Receipt,
  StoredEvent,
  StreamEvent,
  StreamRange,
  StreamSlices,
  VerifyOptions,
  VerifyProblem,
  VerifyReport,
} from './types.ts';
