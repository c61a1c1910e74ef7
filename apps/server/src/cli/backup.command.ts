import { backupDatabase, restoreDatabase } from '../ops/backup.ts';
import { command, configOf, json, parse, progressBar, UsageError } from './common.ts';

const BACKUP_USAGE = `Використання / usage: custody backup FILE [--json] [--database URL]

Резервна копія / backs up the database while the server runs: SQLite through its online backup
API, PostgreSQL with pg_dump (custom format). Never overwrites FILE. Keep the latest checkpoint
(custody checkpoint --out) with it, and verify a restore against it (docs/operations.md).
Exit status: 0 written, 1 failed, 2 usage error.`;

const RESTORE_USAGE = `Використання / usage: custody restore FILE [--force] [--json] [--database URL]

Відновлення / restores a backup made by custody backup: SQLite (stop the server first; --force
replaces an existing file), PostgreSQL through pg_restore into the existing database. Then run
custody verify --checkpoint CHECKPOINT_HELD_OUTSIDE. Exit status: 0 restored, 1 failed, 2 usage.`;

function oneFile(positionals: string[]): string {
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('give exactly one FILE');
  return file;
}

/** `custody backup`: online backup of either database (docs/operations.md "Backup"). */
export const backupCommand = command(
  'backup',
  'резервна копія / back up the database',
  BACKUP_USAGE,
  async (args) => {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } });
    const file = oneFile(positionals);
    const config = configOf(values.database);
    await backupDatabase(config.databaseUrl, file, progressBar('backup'));
    return values.json === true ? json({ file }) : `Збережено / written ${file}`;
  },
);

/** `custody restore`: the inverse of backup; the result must verify (integrity.md). */
export const restoreCommand = command(
  'restore',
  'відновлення / restore a backup',
  RESTORE_USAGE,
  async (args) => {
    const { values, positionals } = parse(args, {
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const file = oneFile(positionals);
    const config = configOf(values.database);
    await restoreDatabase(config.databaseUrl, file, values.force === true);
    return values.json === true
      ? json({ restored: file })
      : `Відновлено / restored ${file}; now run: custody verify`;
  },
);
