export { projectionMigrations } from './projections.migrations.ts';
export { markStale, projectionCursor, rebuildIfStale, rebuildProjections } from './rebuild.ts';
export {
  findSummary,
  recordRefLookup,
  SUMMARY_TABLE,
  summaryWrite,
} from './record-summary.projection.ts';
export type { RecordSummariesTable } from './record-summaries.table.ts';
