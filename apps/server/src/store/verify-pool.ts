import { Worker } from 'node:worker_threads';
import { unpackBatch, type PackedBatch } from './verify-facts.ts';
import type { Batch, Examine } from './verify-rows.ts';
import { unpackSegment, type PackedSegment } from './verify-segment.ts';
import type { VerifyWorkerData, VerifyWorkerTask } from './verify-worker.ts';

/** Tasks a worker holds at once: the next is queued while it answers one. */
const PER_WORKER = 2;
/** Batches examined ahead of the one being checked, per examining thread (bounds memory). */
const AHEAD_PER_THREAD = 4;

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: number;
}

interface Pending {
  resolve(batch: Batch): void;
  reject(error: Error): void;
}

type WorkerMessage = PackedBatch | PackedSegment | 'ready';

/**
 * Worker threads that each read batches of leaf rows from the SQLite file on a connection of
 * their own, examine every row alone and check a clean batch further as a segment
 * (verify-worker.ts), while the verifying thread checks the batches in log order. The verifying
 * thread reads and examines batches too: the next one when no worker has taken it (while the
 * workers start), and a later one whenever the next is still with a worker, so that it works
 * instead of waiting (it used to wait for every answer once a worker had started, and one
 * thread did nearly all the reading and examining).
 */
export class VerifyPool {
  readonly #slots: Slot[];
  readonly #pending = new Map<number, Pending>();
  #failed: Error | null = null;
  #onReady: () => void = () => undefined;

  constructor(file: string, tombstones: readonly number[], count: number) {
    const workerData: VerifyWorkerData = { file, tombstones: [...tombstones] };
    this.#slots = Array.from({ length: count }, () => {
      const slot: Slot = {
        worker: new Worker(new URL('./verify-worker.cjs', import.meta.url), {
          workerData,
          execArgv: [],
        }),
        ready: false,
        busy: 0,
      };
      slot.worker.on('message', (m: WorkerMessage) => {
        if (m === 'ready') {
          slot.ready = true;
        } else {
          slot.busy--;
          const pending = this.#pending.get(m.seq);
          this.#pending.delete(m.seq);
          pending?.resolve('kind' in m ? unpackSegment(m) : unpackBatch(m));
        }
        this.#onReady();
      });
      slot.worker.on('error', (e) => {
        this.#fail(e);
      });
      slot.worker.on('exit', (code) => {
        if (this.#pending.size > 0) this.#fail(new Error(`a verification worker exited (${code})`));
      });
      return slot;
    });
  }

  /** Resolves once every worker has opened its connection (tests wait for it). */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.#failed !== null) reject(this.#failed);
        else if (this.#slots.every((s) => s.ready)) resolve();
        else setTimeout(check, 10);
      };
      check();
    });
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }

  /**
   * The batches of the log indexes [0, `end()`) in log order, `size` indexes each (`end` asked
   * again when reached: the log may have grown). Workers take the batches in order, a few each;
   * `here` examines a batch in this thread: the next one when no worker has taken it, and,
   * while the next one is still with a worker, the first one no worker has taken (within a
   * window of batches ahead), so that this thread reads and examines its share instead of
   * waiting. With `here` null this thread examines none (tests of the workers' checks).
   */
  async *batches(
    size: number,
    end: () => Promise<number>,
    here: Examine | null,
  ): AsyncGenerator<Batch> {
    /** Batches by sequence number: answered (examined here, or a worker's answer). */
    const done = new Map<number, Batch>();
    /** Batches a worker holds and has not answered yet. */
    const held = new Map<number, Promise<Batch>>();
    let stop = await end();
    let nextFrom = 0;
    let assigned = 0;
    let consumed = 0;
    const ahead = AHEAD_PER_THREAD * (this.#slots.length + (here === null ? 0 : 1));
    const range = (): { from: number; to: number } => {
      const from = nextFrom;
      nextFrom = Math.min(from + size, stop);
      return { from, to: nextFrom };
    };
    const room = (): boolean =>
      assigned < consumed + ahead && nextFrom < stop && this.#failed === null;
    const topUp = (): void => {
      for (const slot of this.#slots) {
        while (slot.ready && slot.busy < PER_WORKER && room()) {
          const seq = assigned++;
          slot.busy++;
          const batch = new Promise<Batch>((resolve, reject) => {
            this.#pending.set(seq, {
              resolve: (b) => {
                held.delete(seq);
                done.set(seq, b);
                resolve(b);
              },
              reject,
            });
          });
          batch.catch(() => undefined); // awaited in its turn; not an unhandled rejection meanwhile
          held.set(seq, batch);
          const task: VerifyWorkerTask = { seq, ...range() };
          slot.worker.postMessage(task);
        }
      }
    };
    /** Examines the next batch no worker has taken, in this thread. */
    const examineHere = async (examine: Examine): Promise<void> => {
      const seq = assigned++;
      const { from, to } = range();
      done.set(seq, await examine(from, to));
    };
    this.#onReady = topUp;
    try {
      for (;;) {
        if (this.#failed !== null) throw this.#failed;
        if (consumed === assigned && nextFrom >= stop) {
          stop = await end();
          if (nextFrom >= stop) return;
        }
        topUp();
        const answered = done.get(consumed);
        if (answered !== undefined) {
          done.delete(consumed);
          consumed++;
          topUp();
          yield answered;
        } else {
          const taken = held.get(consumed);
          if (taken === undefined) {
            if (here === null) {
              // No worker free yet (all are starting): wait for one to take the batch.
              await new Promise((resolve) => setTimeout(resolve, 1));
              continue;
            }
            await examineHere(here); // the next batch itself: no worker has taken it
          } else if (here !== null && room()) {
            await examineHere(here); // a later batch, while a worker answers the next
          } else {
            await taken;
            continue;
          }
        }
        // A batch examined here returns without leaving the event loop's microtasks: without a
        // turn of the loop no worker's message (its start, its answer) would be read until the
        // verification ended, and this thread would examine every batch alone.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.#onReady = () => undefined;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }
}
