import { writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { isPostgresUrl, openDatabase } from '../db/database.ts';
import { sqlitePath } from '../ops/backup.ts';
import { storeDb } from '../store/transaction.ts';
import { command, configOf, json, parse, UsageError, noMoreArguments } from './common.ts';

const USAGE = `Використання / usage: custody checkpoint [--out FILE] [--json] [--database URL]

Друкує останню підписану контрольну точку / prints the latest signed checkpoint of the log
(C2SP tlog-checkpoint). Keep copies outside the database (--out FILE, a witness, another office):
\`custody verify --checkpoint FILE\` then proves the log still extends it (integrity.md).
Exit status: 0 printed, 1 no checkpoint yet, 2 usage error.`;

/** `custody checkpoint`: the signed tree head to hold outside (integrity.md "Checkpoints, witnesses"). */
export const checkpointCommand = command(
  'checkpoint',
  'контрольна точка / latest checkpoint',
  USAGE,
  async (args) => {
    const { values, positionals } = parse(args, {
      out: { type: 'string' },
      json: { type: 'boolean' },
    });
    noMoreArguments(positionals);
    const config = configOf(values.database);
    if (!isPostgresUrl(config.databaseUrl) && !existsSync(sqlitePath(config.databaseUrl))) {
      throw new UsageError(`немає бази даних / no database at ${config.databaseUrl}`);
    }
    const database = openDatabase(config.databaseUrl);
    try {
      const row = await storeDb(database)
        .selectFrom('checkpoints')
        .select(['size', 'note'])
        .orderBy('size', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (row === undefined) throw new Error('журнал порожній / the log has no checkpoint yet');
      if (values.out !== undefined) writeFileSync(values.out, row.note);
      if (values.json === true)
        return json({
          size: Number(row.size),
          note: row.note,
          ...(values.out ? { file: values.out } : {}),
        });
      return row.note.trimEnd();
    } finally {
      await database.close();
    }
  },
);
