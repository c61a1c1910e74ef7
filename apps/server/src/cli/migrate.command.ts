import { migrate } from '../db/migrate.ts';
import { allMigrations, openConfigured } from '../ops/serve.ts';
import { command, configOf, json, parse, noMoreArguments } from './common.ts';

const USAGE = `Використання / usage: custody migrate [--json] [--database URL]

Застосовує міграції / applies every pending schema migration (event store, accounts, grants,
projections) in order; running it again does nothing. Exit status: 0 done, 1 failed, 2 usage.`;

/** `custody migrate`: the schema upgrade step of docs/operations.md ("Upgrades"). */
export const migrateCommand = command(
  'migrate',
  'застосувати міграції / apply migrations',
  USAGE,
  async (args) => {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } });
    noMoreArguments(positionals);
    const database = openConfigured(configOf(values.database));
    try {
      const applied = await migrate(database, allMigrations);
      if (values.json === true) return json({ applied });
      return applied.length === 0
        ? 'Схема актуальна / schema up to date'
        : `Застосовано / applied ${applied.length}:\n${applied.map((m) => `  ${m}`).join('\n')}`;
    } finally {
      await database.close();
    }
  },
);
