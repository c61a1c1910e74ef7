import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cosignerFromSkey, generateCosignerKey, type Cosigner } from '@custody/ledger';
import { readKeyFile, writeNewKeyFile } from '../ops/keys.ts';
import { witnessApp } from '../witness/witness-server.ts';
import { WitnessState } from '../witness/witness-state.ts';
import { Witness, witnessedLogs } from '../witness/witness.ts';
import { command, noMoreArguments, parse, UsageError } from './common.ts';

const USAGE = `Використання / usage:
  custody witness key generate --name NAME [--out FILE]
  custody witness key show-vkey [--key FILE]
  custody witness serve --log VKEY [--log VKEY ...] [--logs FILE] [--key FILE] [--state FILE]
                        [--listen HOST:PORT] [--prefix PATH]

Незалежний свідок журналу / an independent witness of transparency logs (c2sp.org/tlog-witness),
run by another organisation on its own machine (docs/witnessing.md).
  key generate  a cosignature/v1 Ed25519 key (type 0x04) named NAME, e.g.
                witness.ombudsman.example/w1, to FILE (default data/witness.key, mode 0600) and
                its verifier key to FILE.pub; never overwrites.
  key show-vkey prints the verifier key to give to the log and to verifiers (policy files).
  serve         answers POST <prefix>/add-checkpoint for the logs named by their verifier keys
                (--log, repeatable, or --logs FILE with one vkey or "log <vkey> [url]" per line).
                State: its own SQLite file (default data/witness.sqlite). NEVER restore it from a
                backup: a witness that forgets lets a rolled-back or forked log through.
Exit status: 0 done, 1 failed, 2 usage error.`;

const DEFAULT_KEY = 'data/witness.key';

function readCosigner(file: string): Cosigner {
  return readKeyFile(file, cosignerFromSkey, {
    missing: 'немає ключа свідка / cannot read the witness key file',
    invalid: 'недійсний ключ свідка / invalid witness key in',
  });
}

function generateKey(file: string, name: string): string {
  return writeNewKeyFile(file, () => {
    try {
      return generateCosignerKey(name);
    } catch (e) {
      throw new UsageError(`invalid witness name ${name}: ${(e as Error).message}`);
    }
  }).vkey;
}

/** The vkeys of a logs file: blank and # lines skipped, "log <vkey> [url]" or a bare vkey. */
function logsFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const words = l.split(/\s+/);
      return (words[0] === 'log' ? words[1] : words[0]) ?? '';
    });
}

function listenOf(value: string | undefined): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(value ?? '127.0.0.1:7380');
  const port = Number(m?.[2]);
  if (m === null || port > 65_535) throw new UsageError('--listen is HOST:PORT');
  return { host: m[1] ?? '127.0.0.1', port };
}

async function serve(values: Record<string, string | boolean | string[] | undefined>) {
  const vkeys = [...((values['log'] as string[] | undefined) ?? [])];
  if (typeof values['logs'] === 'string') vkeys.push(...logsFile(values['logs']));
  if (vkeys.length === 0) throw new UsageError('name at least one log (--log VKEY or --logs FILE)');
  let logs;
  try {
    logs = witnessedLogs(vkeys);
  } catch (e) {
    throw new UsageError(`log key: ${(e as Error).message}`);
  }
  const cosigner = readCosigner((values['key'] as string | undefined) ?? DEFAULT_KEY);
  const stateFile = (values['state'] as string | undefined) ?? 'data/witness.sqlite';
  mkdirSync(dirname(resolve(stateFile)), { recursive: true });
  const state = new WitnessState(stateFile);
  const witness = new Witness(state, logs, cosigner);
  const prefix = (values['prefix'] as string | undefined) ?? '';
  const app = witnessApp(witness, { prefix, logger: true });
  const { host, port } = listenOf(values['listen'] as string | undefined);
  const address = await app.listen({ host, port });
  console.log(`witness ${cosigner.name} listening on ${address}${prefix}/add-checkpoint`);
  console.log(`vkey ${cosigner.vkey}`);
  for (const log of logs) console.log(`log ${log.origin}`);
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        done();
      });
  });
  await app.close();
  state.close();
  return 0;
}

/** `custody witness`: a standalone c2sp.org/tlog-witness with its own key and state. */
export const witnessCommand = command(
  'witness',
  'незалежний свідок / run a witness',
  USAGE,
  async (args) => {
    const { values, positionals } = parse(args, {
      name: { type: 'string' },
      out: { type: 'string' },
      key: { type: 'string' },
      log: { type: 'string', multiple: true },
      logs: { type: 'string' },
      state: { type: 'string' },
      listen: { type: 'string' },
      prefix: { type: 'string' },
    });
    const [action, sub, ...extra] = positionals;
    if (action === 'serve') {
      noMoreArguments(sub === undefined ? extra : [sub, ...extra]);
      return serve(values);
    }
    if (action === 'key') {
      noMoreArguments(extra);
      if (sub === 'generate') {
        if (values.name === undefined) throw new UsageError('give the witness --name');
        const file = values.out ?? DEFAULT_KEY;
        const vkey = generateKey(file, values.name);
        return `${file}\n${file}.pub\nvkey: ${vkey}`;
      }
      if (sub === 'show-vkey') return readCosigner(values.key ?? DEFAULT_KEY).vkey;
      throw new UsageError('witness key: generate or show-vkey');
    }
    throw new UsageError(
      action === undefined ? 'give an action: serve, key' : `unknown action ${action}`,
    );
  },
);
