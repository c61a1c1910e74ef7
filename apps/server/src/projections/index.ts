export { projectionMigrations } from './projections.migrations.ts';
export { rebuildProjections } from './rebuild.ts';
export { findSummary, projectionCursor, recordRefLookup } from './record-summary.projection.ts';
export type { RecordSummariesTable } from './record-summaries.table.ts';
