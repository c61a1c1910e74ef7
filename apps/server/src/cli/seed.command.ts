import { seedDemo } from '../demo/seed-demo.ts';
import { ensureSigner, originOf } from '../ops/keys.ts';
import { banner, custodySettingsOf, isEmpty } from '../ops/serve.ts';
import { createEventStore } from '../store/index.ts';
import {
  command,
  configOf,
  json,
  parse,
  progressBar,
  UsageError,
  withDatabase,
  noMoreArguments,
} from './common.ts';

const USAGE = `Використання / usage: custody seed [--now ISO] [--seed N] [--closed N] [--json] [--database URL]

Заповнює порожню базу демо-даними / seeds the demo into an empty database: three units, staff in
every role, --closed closed records (default 200) and 15 active ones placed relative to --now
(default: the present), generated through the domain and appended to the tamper-evident log.
DEMO ONLY: the sign-ins printed share a published password and TOTP secret.
Exit status: 0 seeded, 1 the database is not empty or seeding failed, 2 usage error.`;

function int(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number`);
  return n;
}

/** `custody seed`: the demo of issue 8, on demand. */
export const seedCommand = command('seed', 'демо-дані / seed the demo', USAGE, async (args) => {
  const { values, positionals } = parse(args, {
    now: { type: 'string' },
    seed: { type: 'string' },
    closed: { type: 'string' },
    json: { type: 'boolean' },
  });
  noMoreArguments(positionals);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new UsageError('--now must be an ISO 8601 instant');
  const config = configOf(values.database);
  return withDatabase(config, async (database) => {
    if (!(await isEmpty(database))) throw new Error('база не порожня / the database is not empty');
    const { signer } = ensureSigner(config.keyFile, config.origin);
    const store = await createEventStore({ database, signer, origin: originOf(signer) });
    const started = performance.now();
    const r = await seedDemo(
      { database, store },
      {
        now,
        seed: int(values.seed, '--seed', 20_170_101),
        closed: int(values.closed, '--closed', 200),
        settings: custodySettingsOf(config).decide,
        onProgress: progressBar('seed'),
      },
    );
    await store.close();
    const seconds = (performance.now() - started) / 1000;
    const summary = {
      records: r.records,
      active: r.active,
      events: r.events,
      checkpoint: r.checkpoint?.note ?? null,
      seconds,
    };
    if (values.json === true) return json(summary);
    const running = { url: config.databaseUrl, keyCreated: false, seeded: r, demo: true };
    return `${banner(running).replace(/^Custody Records: /, 'Заповнено / seeded: ')}\n(${seconds.toFixed(1)} s)`;
  });
});
