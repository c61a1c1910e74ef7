import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../apps/server/src/db/database.ts';

/** The password of the benchmarks' accounts. */
export const PASSWORD = 'bench password, not a real one';

/** Signs `username` in at `url`: the session cookie and CSRF header of its appends. */
export async function signIn(url: string, username: string) {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** The body of `POST /api/v1/records` that opens a record with a detention at `at`. */
export const detention = (at: string) =>
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

/** CPU ticks (1/100 s) of these processes so far; 0 for one that has gone. */
export function ticksOf(pids: Iterable<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime
    } catch {
      out.set(pid, 0);
    }
  }
  return out;
}

/** The PostgreSQL backends serving this database now (the servers' pools' connections). */
export async function backends(database: Database): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(database.db);
  return rows.map((r) => r.pid);
}

/**
 * What PostgreSQL's statistics say of the log so far: leaves inserted, moves of the log's head
 * (one per committed batch: a group commit), and scans of the head's row (each compare-and-set
 * attempt, each read of the head, the live updates' reads of the log's size). Counts reach the
 * statistics up to a second after a transaction; the caller waits that long.
 */
export async function logStats(database: Database) {
  const { rows } = await sql<{ leaves: string; moves: string; scans: string }>`
    SELECT (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'log_leaves') AS leaves,
      n_tup_upd AS moves, seq_scan + coalesce(idx_scan, 0) AS scans
    FROM pg_stat_user_tables WHERE relname = 'log_head'`.execute(database.db);
  const row = rows[0];
  return { leaves: Number(row?.leaves), moves: Number(row?.moves), scans: Number(row?.scans) };
}
