import { createUnit, createUser } from '../apps/server/src/accounts/index.ts';
import type { DialectName } from '../apps/server/src/db/database.ts';
import {
  DURATION,
  apartHammer,
  httpFigures,
  onServedApp,
  perDialect,
  profiledWith,
  withCpu,
  type ApartRun,
} from './load-generator.ts';
import { result, type BenchResult } from './result.ts';
import { commitMark, commitsSince } from './commit-timer.ts';

const PASSWORD = 'bench password, not a real one';

async function signIn(url: string, username: string) {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

const detention = (at: string) =>
  JSON.stringify({
    occurredAt: at,
    payload: {
      person: { kind: 'identified', fullName: 'Бойко Іван Петрович' },
      place: { description: 'м. Київ, вул. Хрещатик, 1' },
      detainingOfficers: [{ name: 'Шевчук О. П.' }],
      profile: 'ua_criminal_208',
      legalBasis: 'КПК ст. 208',
      grounds: 'Застигнутий під час крадіжки.',
      juvenile: false,
      foreigner: false,
      language: 'uk',
      bodycamRefs: [],
    },
  });

/** Server CPU per request in µs, and requests per second of one server core, of one run. */
function perCore(r: ApartRun): { micros: number; perCoreSecond: number } {
  const answered = Math.max(1, r.run.requests.total);
  return { micros: r.serverMicros / answered, perCoreSecond: answered / (r.serverMicros / 1e6) };
}

/**
 * HTTP append (open a record, one leaf) with 32 clients vs GET /healthz of the same server. The
 * load generator runs in a process of its own, so that this process's CPU time over each run is
 * the server's: its CPU per append against its CPU per /healthz request, and appends per second
 * of one server core, change far less with the machine's load than the rates do (the generator
 * shares the machine's cores with the server, and so does anything else running).
 */
function figures(dialect: DialectName): Promise<BenchResult[]> {
  return onServedApp(dialect, async (running) => {
    const unit = await createUnit(running.database, { name: 'Bench', code: 'B1' });
    await createUser(running.database, {
      username: 'bench',
      password: PASSWORD,
      displayName: 'Bench',
      role: 'detaining_officer',
      unitId: unit.id,
    });
    const headers = await signIn(running.url, 'bench');
    const base = await apartHammer({
      url: `${running.url}/healthz`,
      connections: 32,
      duration: DURATION,
    });
    const mark = commitMark();
    const measured = await withCpu(() =>
      profiledWith(`append-${dialect}`, () =>
        apartHammer({
          url: `${running.url}/api/v1/records`,
          connections: 32,
          duration: DURATION,
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: detention(new Date().toISOString()),
        }),
      ),
    );
    const committed = commitsSince(mark);
    const append = measured.value;
    const [appendElu, healthzElu] = [append.eventLoopBusy, base.eventLoopBusy];
    if (append.run.non2xx > 0 || append.run.errors > 0) {
      throw new Error(
        `${dialect}: ${append.run.non2xx} non-2xx and ${append.run.errors} failed appends`,
      );
    }
    const label = `http append 32 clients (${dialect})`;
    const a = perCore(append);
    const h = perCore(base);
    const serverCores = append.serverMicros / 1e6 / append.seconds;
    const generatorCores = append.generatorMicros / 1e6 / append.seconds;
    console.error(
      `${dialect}: ${append.run.requests.total} appends, server ${a.micros.toFixed(0)} µs CPU each ` +
        `(/healthz ${h.micros.toFixed(0)} µs), ${serverCores.toFixed(2)} server cores, ` +
        `${generatorCores.toFixed(2)} generator cores, ${measured.busyCores.toFixed(2)} machine cores busy, ` +
        `event loop ${appendElu.toFixed(2)} busy (/healthz ${healthzElu.toFixed(2)}), ` +
        `${committed.commits} COMMITs on it, ${committed.ms.toFixed(0)} ms in them`,
    );
    // SQLite's COMMIT (the WAL's fsync) runs on the server's thread: the time it held the event
    // loop per second of the run, against the second (what a write connection on a thread of its
    // own could give back), and the appends each commit carried (group commit).
    const onLoop =
      dialect === 'sqlite' && committed.commits > 0
        ? [
            result(
              `${label}: event loop blocked in COMMIT`,
              committed.ms / append.seconds,
              'ms/s',
              1000,
            ),
            result(
              `${label}: appends per COMMIT`,
              append.run.requests.total / committed.commits,
              'appends',
              1,
            ),
          ]
        : [];
    return [
      // The headline: what one append costs the server, whatever else the machine runs.
      result(`${label}: server CPU per append vs per /healthz`, a.micros, 'µs', h.micros),
      result(
        `${label}: appends per server core-second`,
        a.perCoreSecond,
        'req/core-s',
        h.perCoreSecond,
      ),
      ...httpFigures(label, append.run, base.run),
      // How busy the server's event loop was (1: never idle), against /healthz's run.
      result(`${label}: server event loop utilisation`, appendElu, 'of 1', healthzElu),
      ...onLoop,
      // What bounds a second server process: the cores the machine had busy in this run (of all
      // of them), those the server's process used, and those its load generator used.
      result(`${label}: machine cores busy`, measured.busyCores, 'cores', measured.cores),
      result(`${label}: cores of the server process`, serverCores, 'cores', measured.cores),
      result(`${label}: cores of the load generator`, generatorCores, 'cores', measured.cores),
    ];
  });
}

export function run(): Promise<BenchResult[]> {
  return perDialect(figures);
}
