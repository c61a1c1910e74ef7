import type { ColumnType, Kysely } from 'kysely';
import { quorumMet, withSignatures, type Policy } from '@custody/ledger';
import type { Database } from '../db/database.ts';
import type { CheckpointInfo } from '../store/index.ts';
import { int } from '../store/schema.ts';
import { storeDb } from '../store/transaction.ts';

type BigInt64 = ColumnType<number | string, number, number>;

interface WitnessingSchema {
  log_cosignatures: {
    witness: string;
    size: BigInt64;
    line: string;
    cosigned_at: BigInt64;
    received_at: string;
  };
  log_witness_status: {
    witness: string;
    size: BigInt64;
    last_status: number | null;
    last_error: string | null;
    alert: string | null;
    alert_at: string | null;
    updated_at: string;
  };
}

const dbOf = (database: Database) => database.db as Kysely<WitnessingSchema>;

export interface WitnessStatusRow {
  readonly witness: string;
  readonly size: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly alert: string | null;
  readonly alertAt: string | null;
}

export async function witnessStatuses(database: Database): Promise<Map<string, WitnessStatusRow>> {
  const rows = await dbOf(database).selectFrom('log_witness_status').selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.witness,
      {
        witness: r.witness,
        size: int(r.size),
        lastStatus: r.last_status,
        lastError: r.last_error,
        alert: r.alert,
        alertAt: r.alert_at,
      },
    ]),
  );
}

/** Replaces what the log knows of one witness; `alert` stays unless `clearAlert` or a new one. */
export async function saveWitnessStatus(
  database: Database,
  witness: string,
  change: {
    size?: number;
    lastStatus?: number | null;
    lastError?: string | null;
    alert?: string;
    clearAlert?: boolean;
  },
  now: string,
): Promise<void> {
  const db = dbOf(database);
  const old = await db
    .selectFrom('log_witness_status')
    .selectAll()
    .where('witness', '=', witness)
    .executeTakeFirst();
  const row = {
    witness,
    size: change.size ?? (old === undefined ? 0 : int(old.size)),
    last_status: change.lastStatus === undefined ? (old?.last_status ?? null) : change.lastStatus,
    last_error: change.lastError === undefined ? (old?.last_error ?? null) : change.lastError,
    alert: change.alert ?? (change.clearAlert === true ? null : (old?.alert ?? null)),
    alert_at:
      change.alert !== undefined
        ? now
        : change.clearAlert === true
          ? null
          : (old?.alert_at ?? null),
    updated_at: now,
  };
  await db
    .insertInto('log_witness_status')
    .values(row)
    .onConflict((oc) =>
      oc.column('witness').doUpdateSet({
        size: row.size,
        last_status: row.last_status,
        last_error: row.last_error,
        alert: row.alert,
        alert_at: row.alert_at,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Keeps a verified cosignature line (idempotent). */
export async function saveCosignature(
  database: Database,
  c: { witness: string; size: number; line: string; cosignedAt: number },
  now: string,
): Promise<void> {
  await dbOf(database)
    .insertInto('log_cosignatures')
    .values({
      witness: c.witness,
      size: c.size,
      line: c.line,
      cosigned_at: c.cosignedAt,
      received_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Each witness's largest cosigned size and that cosignature's time (POSIX seconds). */
export async function lastCosignatures(
  database: Database,
): Promise<Map<string, { size: number; cosignedAt: number }>> {
  const rows = await dbOf(database)
    .selectFrom('log_cosignatures')
    .select(['witness', 'size', 'cosigned_at'])
    .orderBy('size', 'asc')
    .orderBy('cosigned_at', 'asc')
    .execute();
  const out = new Map<string, { size: number; cosignedAt: number }>();
  for (const r of rows) out.set(r.witness, { size: int(r.size), cosignedAt: int(r.cosigned_at) });
  return out;
}

/** The cosignature lines kept for checkpoints of `size`, one per witness (its latest). */
export async function cosignatureLines(
  database: Database,
  size: number,
): Promise<Map<string, string>> {
  const rows = await dbOf(database)
    .selectFrom('log_cosignatures')
    .select(['witness', 'line'])
    .where('size', '=', size)
    .orderBy('cosigned_at', 'asc')
    .execute();
  return new Map(rows.map((r) => [r.witness, r.line]));
}

/** A checkpoint of the log with the cosignatures the witnesses returned for it. */
export interface CosignedCheckpoint {
  readonly size: number;
  /** The log's signed note with every kept cosignature line appended (c2sp.org/tlog-cosignature). */
  readonly note: string;
  /** The policy names of the witnesses that cosigned it. */
  readonly witnesses: readonly string[];
  /** Whether they meet the policy's quorum (false without a policy). */
  readonly quorum: boolean;
}

/** How many cosigned sizes are looked at, newest first, for one that meets the quorum. */
const QUORUM_LOOKBACK = 64;

/**
 * The checkpoint to hand out as the witnessed one: the largest size in (`above`, `atMost`] whose
 * kept cosignatures meet the policy's quorum; failing that (a witness down, no policy), the
 * largest size any witness cosigned in that range; null when none did. `latest` is the store's
 * newest checkpoint, whose row may not be written yet (store/event-store.ts).
 */
export async function cosignedCheckpoint(
  database: Database,
  range: {
    readonly atMost: number;
    readonly above?: number;
    readonly policy?: Policy | undefined;
    readonly latest?: Pick<CheckpointInfo, 'size' | 'note'> | null;
  },
): Promise<CosignedCheckpoint | null> {
  const sizes = await dbOf(database)
    .selectFrom('log_cosignatures')
    .select('size')
    .distinct()
    .where('size', '<=', range.atMost)
    .where('size', '>', range.above ?? 0)
    .orderBy('size', 'desc')
    .limit(QUORUM_LOOKBACK)
    .execute();
  let fallback: { size: number; lines: Map<string, string> } | null = null;
  let chosen: { size: number; lines: Map<string, string>; quorum: boolean } | null = null;
  for (const row of sizes) {
    const size = int(row.size);
    const lines = await cosignatureLines(database, size);
    fallback ??= { size, lines };
    if (range.policy !== undefined && quorumMet(range.policy.quorum, new Set(lines.keys()))) {
      chosen = { size, lines, quorum: true };
      break;
    }
  }
  chosen ??= fallback === null ? null : { ...fallback, quorum: false };
  if (chosen === null) return null;
  const note = await checkpointNote(database, chosen.size, range.latest ?? null);
  if (note === null) return null;
  return {
    size: chosen.size,
    note: withSignatures(note, [...chosen.lines.values()]),
    witnesses: [...chosen.lines.keys()],
    quorum: chosen.quorum,
  };
}

/** The log's signed note of the checkpoint of `size`, from its row or the store's newest. */
async function checkpointNote(
  database: Database,
  size: number,
  latest: Pick<CheckpointInfo, 'size' | 'note'> | null,
): Promise<string | null> {
  if (latest?.size === size) return latest.note;
  const cp = await storeDb(database)
    .selectFrom('checkpoints')
    .select('note')
    .where('size', '=', size)
    .executeTakeFirst();
  return cp?.note ?? null;
}
