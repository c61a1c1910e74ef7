import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, DialectName } from './database.ts';

/** A schema change owned by one module of the server; names sort in the order they must run. */
export interface ModuleMigration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/**
 * Runs every pending migration of the given modules in name order. Each
 * module owns its tables and names its migrations `NNNN-module-what`.
 */
export async function migrate(
  database: Database,
  migrations: readonly ModuleMigration[],
): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations() {
      const all: Record<string, Migration> = {};
      for (const m of migrations) {
        if (all[m.name]) throw new Error(`duplicate migration name ${m.name}`);
        all[m.name] = { up: (db) => m.up(db, database.dialect) };
      }
      return Promise.resolve(all);
    },
  };
  // Each module numbers its own migrations (store 01xx, accounts 02xx, projections 03xx, ...),
  // so a module's new migration sorts before another module's older one: an installation that
  // already ran 0400 must still run a new 0330 rather than refuse to start.
  const migrator = new Migrator({ db: database.db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
