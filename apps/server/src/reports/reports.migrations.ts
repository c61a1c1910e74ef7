import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { ModuleMigration } from '../db/migrate.ts';
import { unstoredSchema } from './report-figures.ts';

/**
 * PostgreSQL: a row trigger's function whose every statement reads one record by its key plans
 * them with sequential scans counted out, so that the plan a connection keeps reads by key however
 * small the tables were when it was made (0611, 0612).
 */
const byKeyOnPostgres = (name: string, fn: string): ModuleMigration => ({
  name,
  async up(db: Kysely<unknown>, dialect: DialectName) {
    if (dialect === 'postgres') {
      await sql.raw(`ALTER FUNCTION ${fn} SET enable_seqscan = off`).execute(db);
    }
  },
});

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
  // PostgreSQL keeps a PL/pgSQL function's plans for the connection's life and, after five
  // calls, a generic plan if it costs no more than the custom ones. A connection whose first
  // calls came while the tables were small (a new database, or a rebuild that starts with no
  // summaries) kept sequential scans of `record_summaries` and `report_unstored`: each append
  // then read every summary twice (5,300 rows per append after 7,400 records, PostgreSQL's CPU
  // 0.83 ms per append), and a rebuild's upserts grew with the square of the records
  // (docs/benchmarks.md, "A cached plan that scanned"). Every statement of the function reads
  // one record by its key, so a sequential scan is never the plan to keep.
  byKeyOnPostgres('0611-reports-unstored-by-key', 'report_unstored_again(TEXT)'),
  // The same for the row trigger that keeps `report_findings` from `record_findings` (0370): its
  // DELETE of a record's rows, run when stored findings are stored again (a policy change, a
  // rebuild), kept a plan that read the whole of `report_findings` (≈ 10^7 rows in a national
  // year) for each record on a connection whose first calls came while it was small.
  byKeyOnPostgres('0612-reports-finding-rows-by-key', 'report_findings_rows()'),
];
