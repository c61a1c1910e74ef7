import { createUnit, createUser } from '../apps/server/src/accounts/index.ts';
import type { DialectName } from '../apps/server/src/db/database.ts';
import {
  DURATION,
  hammer,
  httpFigures,
  onServedApp,
  perDialect,
  profiled,
  withCpu,
} from './load-generator.ts';
import { result, type BenchResult } from './result.ts';

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

/** HTTP append (open a record, one leaf) with 32 clients vs GET /healthz of the same server. */
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
    const base = await hammer({
      url: `${running.url}/healthz`,
      connections: 32,
      duration: DURATION,
    });
    const measured = await withCpu(() =>
      profiled(`append-${dialect}`, {
        url: `${running.url}/api/v1/records`,
        connections: 32,
        duration: DURATION,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: detention(new Date().toISOString()),
      }),
    );
    const append = measured.value;
    if (append.non2xx > 0) console.error(`${dialect}: ${append.non2xx} non-2xx appends`);
    const label = `http append 32 clients (${dialect})`;
    return [
      ...httpFigures(label, append, base),
      // What bounds a second server process: the cores the machine had busy in this run (of all
      // of them), and those this process (server thread, its load generator, libuv threads) used.
      result(`${label}: machine cores busy`, measured.busyCores, 'cores', measured.cores),
      result(`${label}: cores of this process`, measured.processCores, 'cores', measured.cores),
    ];
  });
}

export function run(): Promise<BenchResult[]> {
  return perDialect(figures);
}
