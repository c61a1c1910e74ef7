import { existsSync } from 'node:fs';
import { generateSignerKey, signerFromSkey } from '@custody/ledger';
import { readSigner } from '../ops/keys.ts';
import { custodySettingsOf } from '../ops/serve.ts';
import { storeFinalFindings } from '../reports/stored-findings.ts';
import { rebuildProjections } from '../projections/index.ts';
import { createEventStore } from '../store/index.ts';
import { command, configOf, json, parse, withDatabase, noMoreArguments } from './common.ts';

const USAGE = `Використання / usage: custody rebuild-projections [--json] [--database URL]

Перебудовує зведення / recomputes the read models (record summaries, whiteboard) from the log,
which stays untouched, a slice of records at a time; stores closed records' compliance findings. Exit status: 0 done, 1 failed, 2 usage error.`;

/** `custody rebuild-projections`: projections are rebuildable from the log (docs/ARCHITECTURE.md). */
export const rebuildProjectionsCommand = command(
  'rebuild-projections',
  'перебудувати зведення / rebuild projections',
  USAGE,
  async (args) => {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } });
    noMoreArguments(positionals);
    const config = configOf(values.database);
    // Rebuilding only reads the log; a throwaway key stands in when the signing key is elsewhere.
    const signer = existsSync(config.keyFile)
      ? readSigner(config.keyFile)
      : signerFromSkey(generateSignerKey(config.origin ?? 'rebuild.invalid/unsigned').skey);
    return withDatabase(config, async (database) => {
      const started = performance.now();
      const store = await createEventStore({ database, signer, origin: signer.name });
      const records = await rebuildProjections({ database, store });
      // Closed records' compliance findings, which the year's report reads instead of a fold.
      const findings = await storeFinalFindings({
        database,
        store,
        settings: custodySettingsOf(config),
        now: new Date().toISOString(),
      });
      await store.close();
      const seconds = (performance.now() - started) / 1000;
      return values.json === true
        ? json({ records, findings, seconds })
        : `Перебудовано / rebuilt ${records} records, ${findings} findings stored (${seconds.toFixed(1)} s)`;
    });
  },
);
