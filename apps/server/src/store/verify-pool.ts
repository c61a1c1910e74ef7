import { Worker } from 'node:worker_threads';
import { unpackBatch, type PackedBatch } from './verify-facts.ts';
import type { Batch, Examine } from './verify-rows.ts';
import { unpackSegment, type PackedSegment } from './verify-segment.ts';
import type { VerifyWorkerData, VerifyWorkerTask } from './verify-worker.ts';

/** Tasks a worker holds at once: the next is queued while it answers one. */
const PER_WORKER = 2;
/** Batches examined ahead of the one being checked, per worker (bounds memory). */
const AHEAD_PER_WORKER = 4;

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
 * (verify-worker.ts), while the verifying thread checks the batches in log order. A batch no
 * worker has taken yet when its turn comes (while the workers start, or when all are busy) is
 * read and examined by the verifying thread itself.
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
   * again when reached: the log may have grown). `here` examines a batch in this thread.
   */
  async *batches(size: number, end: () => Promise<number>, here: Examine): AsyncGenerator<Batch> {
    const results = new Map<number, Promise<Batch>>();
    let stop = await end();
    let nextFrom = 0;
    let assigned = 0;
    let consumed = 0;
    const ahead = AHEAD_PER_WORKER * this.#slots.length;
    const range = (): { from: number; to: number } => {
      const from = nextFrom;
      nextFrom = Math.min(from + size, stop);
      return { from, to: nextFrom };
    };
    const topUp = (): void => {
      for (const slot of this.#slots) {
        while (
          slot.ready &&
          slot.busy < PER_WORKER &&
          assigned < consumed + ahead &&
          nextFrom < stop &&
          this.#failed === null
        ) {
          const seq = assigned++;
          slot.busy++;
          const batch = new Promise<Batch>((resolve, reject) => {
            this.#pending.set(seq, { resolve, reject });
          });
          batch.catch(() => undefined); // awaited in its turn; not an unhandled rejection meanwhile
          results.set(seq, batch);
          const task: VerifyWorkerTask = { seq, ...range() };
          slot.worker.postMessage(task);
        }
      }
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
        const taken = results.get(consumed);
        results.delete(consumed);
        let batch: Batch;
        if (taken !== undefined) {
          batch = await taken;
        } else {
          assigned++;
          const { from, to } = range();
          batch = await here(from, to);
        }
        consumed++;
        topUp();
        yield batch;
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
