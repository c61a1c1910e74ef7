import type { App, AppDeps } from '../http/types.ts';
import { registerReportRoutes } from './reports.routes.ts';

export { complianceReport } from './compliance.query.ts';
export { reportMigrations } from './reports.migrations.ts';
export { recordFindings, type RecordFindings, type ReportLimits } from './record-findings.ts';

/** The compliance report routes (domain.md §7), served when the app has an event store. */
export function registerRoutes(app: App, deps: AppDeps): void {
  if (deps.store === undefined) return;
  registerReportRoutes(app, deps);
}
