import { once } from 'node:events';
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { inspect } from 'node:util';
import { Worker } from 'node:worker_threads';

/** Frames in the WAL past which the thread checkpoints: SQLite's own auto-checkpoint default. */
export const WAL_CHECKPOINT_FRAMES = 1000;
/**
 * The main connection's own `wal_autocheckpoint`: a WAL this long (16 MB of 4 KiB pages), which
 * the thread did not keep short (it lags, failed, or was never started), is checkpointed in the
 * commit that takes it there, on the event loop, as SQLite does by default at 1,000 frames.
 */
export const WAL_HARD_LIMIT_FRAMES = 4 * WAL_CHECKPOINT_FRAMES;

/**
 * When a thread that died is replaced: the first request past `afterMs` after its death starts a
 * fresh one (no timer: a server whose WAL stays short starts none), the back-off doubled for each
 * earlier death within `windowMs`; the `limit`-th death within `windowMs` is the last, after which
 * the hard limit alone bounds the WAL, as when the thread cannot start at all.
 */
export interface WalRestartPolicy {
  readonly afterMs: number;
  readonly limit: number;
  readonly windowMs: number;
}

/** 1, 2, 4 and 8 s after the first four deaths of an hour; none after the fifth. */
export const WAL_RESTART: WalRestartPolicy = { afterMs: 1000, limit: 5, windowMs: 3_600_000 };

/** Where the wal-index (the `-shm` file) keeps two counters: https://sqlite.org/walformat.html. */
const MX_FRAME = 16;
const N_BACKFILL = 96;

export interface WalCheckpointOptions {
  /** Frames past which the thread checkpoints; {@link WAL_CHECKPOINT_FRAMES} by default. */
  readonly frames?: number;
  /** False: no thread, the main connection's auto-checkpoint at the hard limit alone (tests). */
  readonly thread?: boolean;
  /** When a thread that died is replaced; {@link WAL_RESTART} for what is not given. */
  readonly restart?: Partial<WalRestartPolicy>;
  /** Tests: each thread as it is started, for the test to end it as a failure would. */
  readonly onThread?: (thread: Worker) => void;
}

/** The WAL's two counters: frames written since it last started over, and frames copied back. */
export interface WalState {
  readonly frames: number;
  readonly copied: number;
}

/** What the thread did so far (tests, benchmarks). */
export interface WalCheckpointStats {
  /** Whether the thread was started: lazily, when the WAL first passes the threshold. */
  readonly started: boolean;
  /** Threads started in place of one that died ({@link WalRestartPolicy}). */
  readonly restarts: number;
  /** Whether the thread died too often to be replaced: the hard limit alone bounds the WAL. */
  readonly failed: boolean;
  /** Checkpoints the thread ran. */
  readonly checkpoints: number;
  /** The thread's time in them, ms. */
  readonly ms: number;
  /** Write transactions that waited for the checkpoint of the WAL's rest, and how long, ms. */
  readonly waits: number;
  readonly waitedMs: number;
  /**
   * Why the thread last died (ended before `close`), kept once it is replaced: until then, or
   * for good once `failed`, the hard limit alone bounds the WAL.
   */
  readonly error: string | null;
}

interface Reply {
  /** The thread's time in the checkpoint. */
  ns: number;
}

const driver = createRequire(import.meta.url).resolve('better-sqlite3');
const readU32 = endianness() === 'LE' ? 'readUInt32LE' : 'readUInt32BE';

/**
 * Checkpoints a SQLite file's WAL on a connection of its own in a worker thread, so that the main
 * connection's commits do not. SQLite checkpoints in the COMMIT that takes the WAL past 1,000
 * frames, on the event loop: about every 100 single appends (each writes ten pages), with two
 * fsyncs and the copy of every page changed since (docs/benchmarks.md, "The WAL checkpoint off
 * the event loop").
 *
 * Right after each of the store's commits, `afterCommit` reads two counters of the wal-index (one
 * `pread` of the `-shm` file SQLite maps): frames written and frames copied. Once the WAL is past
 * the threshold with at least that much to copy, it asks the thread, started then if not yet
 * (one per database opened, none for a database whose WAL never grows that long: tests open
 * hundreds), and the commits go on. The thread runs `PRAGMA wal_checkpoint(PASSIVE)`, which
 * copies what was committed when it started and never waits for a writer nor blocks one.
 *
 * The WAL starts over from its beginning only in a write transaction that begins when every
 * frame is copied, and the commits made during a checkpoint are always left. So when the thread
 * has copied all but those, `afterCommit` asks it for the rest at once, and the next write
 * transaction awaits that checkpoint before it begins ({@link pending}; the event loop is free
 * meanwhile): about a millisecond, once per 1,000 frames, after which that transaction starts
 * the WAL over. Without the wait the rest would be a race between the thread's fsyncs and the
 * next commit, which the thread mostly loses while commits follow each other.
 *
 * The main connection keeps SQLite's auto-checkpoint at {@link WAL_HARD_LIMIT_FRAMES}: if the
 * thread lags, dies, or cannot start, or writes outside the store's transactions (which do not
 * ask it) grow the WAL, the commit that takes it that far checkpoints on the event loop as before
 * (copying only what the thread left), so the WAL stays bounded whatever the thread does.
 *
 * A thread that dies (an 'error', or an exit `close` did not ask for) ends the checkpoint it was
 * running, if any, as its answer would: a write transaction awaiting the rest goes on. It is
 * replaced by the first request past a back-off ({@link WalRestartPolicy}: 1 s, doubled for each
 * earlier death within an hour), and after the fifth death within an hour by none: each death is
 * a `CustodyWalCheckpoint` warning, the last one saying that the thread is given up. The thread
 * is unreferenced while idle, so it never keeps the process alive (only for the end of a
 * checkpoint it runs); nothing waits for a back-off to end; `close` ends the thread, and no
 * thread is started once it has begun.
 */
export class WalCheckpointer {
  readonly #file: string;
  readonly #frames: number;
  readonly #thread: boolean;
  readonly #restart: WalRestartPolicy;
  readonly #onThread: ((thread: Worker) => void) | undefined;
  #shm: number | null = null;
  readonly #header = Buffer.alloc(N_BACKFILL + 4);
  #worker: Worker | null = null;
  #started = false;
  #restarts = 0;
  /** When the threads that died within the policy's window died (`performance.now()`). */
  #deaths: number[] = [];
  /** No thread is started before this (`performance.now()`): the back-off after a death. */
  #notBefore = 0;
  #failed = false;
  #running = false;
  /** While the checkpoint of the WAL's rest runs: resolved when it ends. */
  #rest: Promise<void> | undefined = undefined;
  #restDone: (() => void) | null = null;
  #closed = false;
  #checkpoints = 0;
  #ns = 0;
  #waits = 0;
  #waitedMs = 0;
  #error: string | null = null;

  constructor(file: string, options: WalCheckpointOptions = {}) {
    this.#file = file;
    this.#frames = options.frames ?? WAL_CHECKPOINT_FRAMES;
    this.#thread = options.thread ?? true;
    this.#restart = { ...WAL_RESTART, ...options.restart };
    this.#onThread = options.onThread;
  }

  /** The WAL's counters, read from the wal-index; null while it does not exist. */
  state(): WalState | null {
    if (this.#shm === null) {
      try {
        this.#shm = openSync(`${this.#file}-shm`, 'r');
      } catch {
        return null;
      }
    }
    if (readSync(this.#shm, this.#header, 0, this.#header.length, 0) < this.#header.length) {
      return null;
    }
    return { frames: this.#header[readU32](MX_FRAME), copied: this.#header[readU32](N_BACKFILL) };
  }

  /** Right after a commit: asks the thread to checkpoint when the WAL is past the threshold. */
  afterCommit(): void {
    if (this.#running || this.#closed || !this.#thread || this.#failed) return;
    if (this.#worker === null && performance.now() < this.#notBefore) return;
    const wal = this.state();
    if (wal === null || wal.frames < this.#frames || wal.copied >= wal.frames) return;
    const rest = wal.frames - wal.copied < this.#frames;
    // The rest is left by a checkpoint of the thread's: none is running, so it has started. With
    // no thread, it died since: the WAL grows until a request past the threshold replaces it.
    if (rest && this.#worker === null) return;
    this.#running = true;
    const worker = this.#start();
    // Referenced while it checkpoints: a write transaction may be waiting for it, and nothing
    // else may keep the process alive meanwhile (a script's appends).
    worker.ref();
    worker.postMessage('checkpoint');
    if (rest) this.#rest = new Promise((resolve) => (this.#restDone = resolve));
  }

  /** The checkpoint of the WAL's rest while it runs, for a write transaction to await first. */
  pending(): Promise<void> | undefined {
    const rest = this.#rest;
    if (rest === undefined) return undefined;
    this.#waits++;
    const since = performance.now();
    return rest.then(() => {
      this.#waitedMs += performance.now() - since;
    });
  }

  stats(): WalCheckpointStats {
    return {
      started: this.#started,
      restarts: this.#restarts,
      failed: this.#failed,
      checkpoints: this.#checkpoints,
      ms: this.#ns / 1e6,
      waits: this.#waits,
      waitedMs: this.#waitedMs,
      error: this.#error,
    };
  }

  /** Ends the thread, after the checkpoint it may be running, and lets go of the wal-index. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker !== null) {
      const exited = once(worker, 'exit');
      // Referenced again: the process waits for the thread's connection to close.
      worker.ref();
      worker.postMessage('close');
      await exited;
    }
    if (this.#shm !== null) closeSync(this.#shm);
    this.#shm = null;
  }

  #start(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(new URL('./wal-checkpoint-worker.cjs', import.meta.url), {
      workerData: { file: this.#file, driver },
      execArgv: [],
    });
    let failure: string | null = null;
    worker.on('message', (reply: Reply) => {
      this.#checkpoints++;
      this.#ns += reply.ns;
      this.#finish();
    });
    worker.on('error', (error: unknown) => {
      // An Error from the thread (wal-checkpoint-worker.cjs); anything else, as it came.
      failure = error instanceof Error ? error.message : inspect(error);
      this.#error = failure;
    });
    worker.on('exit', (code) => {
      this.#worker = null;
      if (!this.#closed) {
        this.#died(failure ?? `the WAL checkpoint thread exited (${String(code)})`);
      }
      // Also the end of the checkpoint it died in: a write transaction may be awaiting it.
      this.#finish();
    });
    // After the listeners: adding a 'message' listener refs the thread's port again.
    worker.unref();
    this.#worker = worker;
    if (this.#started) this.#restarts++;
    this.#started = true;
    this.#onThread?.(worker);
    return worker;
  }

  /** A thread ended before `close`: the back-off before the next, or none after the last. */
  #died(error: string): void {
    this.#error = error;
    const now = performance.now();
    const { afterMs, limit, windowMs } = this.#restart;
    this.#deaths = [...this.#deaths.filter((at) => now - at < windowMs), now];
    const deaths = this.#deaths.length;
    const span = `within ${String(windowMs / 1000)} s`;
    const fallback =
      `its WAL is checkpointed in the commit that takes it to ` +
      `${String(WAL_HARD_LIMIT_FRAMES)} frames, on the event loop`;
    let what: string;
    if (deaths >= limit) {
      this.#failed = true;
      what =
        `the thread died ${String(deaths)} times ${span}, its limit, and is not started ` +
        `again: from now on ${fallback}`;
    } else {
      const backoff = afterMs * 2 ** (deaths - 1);
      this.#notBefore = now + backoff;
      what =
        `a new thread is started at the first checkpoint ${String(backoff / 1000)} s or more ` +
        `from now (death ${String(deaths)} of ${String(limit)} ${span}); until then ${fallback}`;
    }
    process.emitWarning(`${error} for ${this.#file}: ${what}`, 'CustodyWalCheckpoint');
  }

  #finish(): void {
    this.#running = false;
    // Once closing, the thread stays referenced until it exits: `close` awaits that, and the
    // answer to a checkpoint it was running when `close` came must not let the process end first.
    if (!this.#closed) this.#worker?.unref();
    const done = this.#restDone;
    this.#rest = undefined;
    this.#restDone = null;
    done?.();
  }
}
