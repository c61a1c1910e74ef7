import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';
import { unstoredSchema } from './report-figures.ts';

/** The compliance report's tables beyond the projections' (record_findings and its rows, 03xx). */
export const reportMigrations: readonly ModuleMigration[] = [
  {
    // The counts found the records whose stored findings cannot be used by reading every summary
    // of the period with its stored row and a count of every record's tablet entries (~1.9·10^5
    // summaries and the whole of device_entries at 10^7: docs/benchmarks.md, "A national year").
    // `report_unstored` keeps those records as the writes happen (row triggers on the three
    // tables, in their transactions: every writer, the appends, rebuild-projections and
    // storeFinalFindings alike) and `record_findings_limits` finds per unit the rows stored under
    // other limits; filled here from the rows already stored. After projections (03xx) and
    // devices (0500), whose tables it triggers on.
    name: '0610-reports-unstored-records',
    async up(db: Kysely<unknown>, dialect: DialectName) {
      for (const statement of unstoredSchema(dialect)) await sql.raw(statement).execute(db);
      if (dialect === 'sqlite') await sql.raw('PRAGMA analysis_limit = 1000').execute(db);
      await sql.raw('ANALYZE report_unstored').execute(db);
      await sql.raw('ANALYZE record_findings').execute(db);
    },
  },
];
