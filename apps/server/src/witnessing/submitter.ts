import {
  formatAddCheckpoint,
  fromBase64,
  openNote,
  parseCosignatureLines,
  parseTreeSize,
  type Policy,
  type PolicyWitness,
} from '@custody/ledger';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import type { CheckpointInfo, EventStore } from '../store/index.ts';
import { saveCosignature, saveWitnessStatus, witnessStatuses } from './witnessing.db.ts';

/**
 * How often the log submits its latest checkpoint to each witness, at most: 30 s. A checkpoint
 * is signed per group commit (several a second at peak), so submitting each would cost every
 * witness up to ~10^5 requests a day; one per interval, and only when the log has grown, is at
 * most 2,880 a day (the witness network's "qpd" of a small log), while a rollback or fork is
 * still caught within half a minute of the next append. Configurable (CUSTODY_WITNESS_INTERVAL).
 */
export const DEFAULT_WITNESS_INTERVAL_SECONDS = 30;

/** An add-checkpoint answer waits at most this long. */
const TIMEOUT_MS = 10_000;

export interface SubmitterDeps {
  readonly database: Database;
  readonly store: EventStore;
  readonly policy: Policy;
  readonly clock: () => Date;
  readonly log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

async function addCheckpoint(url: string, body: string): Promise<Answer> {
  const r = await fetch(`${url.replace(/\/$/, '')}/add-checkpoint`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: r.status, body: await r.text() };
}

/**
 * Submits the log's latest checkpoint to every witness of the policy (c2sp.org/tlog-witness
 * §add-checkpoint) with a consistency proof from the size the witness last cosigned, retries
 * once from the size a 409 names, and keeps every cosignature. A refusal that cannot be
 * reconciled (409 naming a larger tree than the log's, 409 then 422, 422, 403, 404, 400) is an
 * alert: logged as an error and shown on the integrity page until the witness cosigns again,
 * because it means the log forked, was rolled back or is signed with another key.
 */
export class WitnessSubmitter {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  /**
   * Witnesses that cosigned in this process. The first round after a start asks every witness
   * even when the database says it already cosigned the latest size: after a restore from a
   * backup the database's memory of the witnesses is as old as the log, and only the witness
   * can tell that the log went back.
   */
  readonly #heard = new Set<string>();

  constructor(private readonly deps: SubmitterDeps) {}

  /** One round: every witness with a URL that has not cosigned the latest checkpoint. */
  async round(): Promise<void> {
    const latest = await this.deps.store.latestCheckpoint();
    if (latest === null) return;
    const statuses = await witnessStatuses(this.deps.database);
    await Promise.all(
      this.deps.policy.witnesses
        .filter((w) => w.url !== null)
        .map((w) => {
          const st = statuses.get(w.name);
          const current = st !== undefined && st.size === latest.size && st.lastStatus === 200;
          if (current && this.#heard.has(w.name)) return Promise.resolve();
          return this.#submit(w, latest, st?.size ?? 0);
        }),
    );
  }

  /** Runs a round every `seconds` (never two at once) until {@link stop}. */
  start(seconds = DEFAULT_WITNESS_INTERVAL_SECONDS): void {
    const tick = () => {
      if (this.#running !== null) return;
      this.#running = this.round()
        .catch((error: unknown) => {
          this.deps.log.warn({ err: error }, 'witnessing round failed');
        })
        .finally(() => {
          this.#running = null;
        });
    };
    this.#timer = setInterval(tick, seconds * 1000);
    this.#timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #submit(w: PolicyWitness, latest: CheckpointInfo, known: number): Promise<void> {
    const now = () => this.deps.clock().toISOString();
    let old = known > latest.size ? 0 : known;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let answer: Answer;
      try {
        const proof = (await this.deps.store.consistencyProof(old, latest.size)).map(fromBase64);
        answer = await addCheckpoint(
          w.url ?? '',
          formatAddCheckpoint({ oldSize: old, proof, note: latest.note }),
        );
      } catch (error) {
        const lastError = error instanceof Error ? error.message : String(error);
        this.deps.log.warn({ witness: w.name, err: error }, 'witness unreachable');
        await saveWitnessStatus(this.deps.database, w.name, { lastError }, now());
        return;
      }
      if (answer.status === 200) {
        await this.#cosigned(w, latest, answer.body);
        return;
      }
      if (answer.status === 409) {
        const size = parseTreeSize(answer.body);
        if (size !== null && size <= latest.size && attempt === 0) {
          await saveWitnessStatus(this.deps.database, w.name, { size, lastStatus: 409 }, now());
          old = size;
          continue;
        }
        const why =
          size !== null && size > latest.size
            ? `the witness holds a tree of ${String(size)} entries, larger than the log's ${String(latest.size)}: the log was rolled back or truncated`
            : `the witness still refuses from its own size ${String(size)}`;
        await this.#alert(w, 409, why, size ?? undefined);
        return;
      }
      const reason = answer.body.trim().slice(0, 500);
      const what =
        answer.status === 422
          ? 'the log is not consistent with what the witness cosigned before: a fork or a rewritten history'
          : answer.status === 403
            ? 'the witness does not accept the log signature'
            : answer.status === 404
              ? 'the witness does not know this log'
              : 'the witness refused the request';
      await this.#alert(w, answer.status, `${what} (${reason})`);
      return;
    }
  }

  async #cosigned(w: PolicyWitness, latest: CheckpointInfo, body: string): Promise<void> {
    const now = this.deps.clock().toISOString();
    const text = latest.note.slice(0, latest.note.lastIndexOf('\n\n') + 1);
    let kept = 0;
    for (const line of parseCosignatureLines(body)) {
      try {
        const opened = openNote(`${text}\n${line}`, [w.verifier]);
        const sig = opened.verified[0]?.sig;
        const cosignedAt = sig === undefined ? null : w.verifier.timestampOf(sig);
        if (cosignedAt === null) continue;
        await saveCosignature(
          this.deps.database,
          { witness: w.name, size: latest.size, line, cosignedAt },
          now,
        );
        kept += 1;
      } catch {
        // a line by another key, or one that does not verify: not this witness's cosignature
      }
    }
    if (kept === 0) {
      await this.#alert(w, 200, 'the witness answered without a valid cosignature by its key');
      return;
    }
    await saveWitnessStatus(
      this.deps.database,
      w.name,
      { size: latest.size, lastStatus: 200, lastError: null, clearAlert: true },
      now,
    );
    this.#heard.add(w.name);
  }

  async #alert(w: PolicyWitness, status: number, alert: string, size?: number): Promise<void> {
    this.deps.log.error(
      { witness: w.name, status, alert },
      'WITNESS ALERT: a witness refused the log’s checkpoint',
    );
    await saveWitnessStatus(
      this.deps.database,
      w.name,
      { ...(size === undefined ? {} : { size }), lastStatus: status, lastError: null, alert },
      this.deps.clock().toISOString(),
    );
  }
}
