import { readFileSync } from 'node:fs';
import { parsePolicy, type Policy } from '@custody/ledger';
import {
  MonitorAlert,
  monitorStep,
  readMonitorState,
  writeMonitorState,
} from '../monitor/monitor.ts';
import { command, noMoreArguments, parse, UsageError } from './common.ts';

const USAGE = `Використання / usage:
  custody monitor --url LOG_URL (--vkey VKEY | --policy FILE) [--state FILE] [--follow SECONDS]

Монітор журналу / follows a log over its public tiles (c2sp.org/tlog-tiles, LOG_URL is the
prefix, e.g. https://custody.example/log): verifies the checkpoint (the log's key, or the quorum
of a c2sp.org/tlog-policy file), checks it extends the last one accepted (kept in --state,
default data/monitor.json), recomputes the root from the tiles and checks every new entry
against its tile hash and its stream's hash chain. --follow repeats every SECONDS.
Exit status: 0 consistent, 1 MONITOR ALERT (fork, rollback, bad tiles) or failure, 2 usage.`;

/** `custody monitor`: an outside monitor of the tiled log (issue 17). */
export const monitorCommand = command(
  'monitor',
  'монітор журналу / monitor a log',
  USAGE,
  async (args) => {
    const { values, positionals } = parse(args, {
      url: { type: 'string' },
      vkey: { type: 'string' },
      policy: { type: 'string' },
      state: { type: 'string' },
      follow: { type: 'string' },
    });
    noMoreArguments(positionals);
    if (values.url === undefined) throw new UsageError('give the log --url');
    if ((values.vkey === undefined) === (values.policy === undefined)) {
      throw new UsageError('give exactly one of --vkey and --policy');
    }
    let policy: Policy | undefined;
    if (values.policy !== undefined) {
      try {
        policy = parsePolicy(readFileSync(values.policy, 'utf8'));
      } catch (e) {
        throw new UsageError(`--policy: ${(e as Error).message}`);
      }
    }
    const follow = values.follow === undefined ? null : Number(values.follow);
    if (follow !== null && !(Number.isInteger(follow) && follow > 0)) {
      throw new UsageError('--follow takes whole seconds');
    }
    const file = values.state ?? 'data/monitor.json';
    const options = {
      url: values.url,
      ...(values.vkey === undefined ? {} : { vkey: values.vkey }),
      ...(policy === undefined ? {} : { policy }),
    };
    for (;;) {
      try {
        const { state, newEntries } = await monitorStep(options, readMonitorState(file));
        writeMonitorState(file, state);
        console.log(`ok ${state.origin} size ${String(state.size)} (+${String(newEntries)})`);
      } catch (e) {
        if (e instanceof MonitorAlert) {
          console.error(`MONITOR ALERT: ${e.message}`);
          return 1;
        }
        throw e;
      }
      if (follow === null) return 0;
      await new Promise((r) => setTimeout(r, follow * 1000));
    }
  },
);
