import { once } from 'node:events';
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Frames in the WAL past which the thread checkpoints: SQLite's own auto-checkpoint default. */
export const WAL_CHECKPOINT_FRAMES = 1000;
/**
 * The main connection's own `wal_autocheckpoint`: a WAL this long (16 MB of 4 KiB pages), which
 * the thread did not keep short (it lags, failed, or was never started), is checkpointed in the
 * commit that takes it there, on the event loop, as SQLite does by default at 1,000 frames.
 */
export const WAL_HARD_LIMIT_FRAMES = 4 * WAL_CHECKPOINT_FRAMES;

/** Where the wal-index (the `-shm` file) keeps two counters: https://sqlite.org/walformat.html. */
const MX_FRAME = 16;
const N_BACKFILL = 96;

export interface WalCheckpointOptions {
  /** Frames past which the thread checkpoints; {@link WAL_CHECKPOINT_FRAMES} by default. */
  readonly frames?: number;
  /** False: no thread, the main connection's auto-checkpoint at the hard limit alone (tests). */
  readonly thread?: boolean;
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
  /** Checkpoints the thread ran. */
  readonly checkpoints: number;
  /** The thread's time in them, ms. */
  readonly ms: number;
  /** Write transactions that waited for the checkpoint of the WAL's rest, and how long, ms. */
  readonly waits: number;
  readonly waitedMs: number;
  /** Why the thread ended, if it ended before `close`: then the hard limit alone bounds the WAL. */
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
 * (copying only what the thread left), so the WAL stays bounded whatever the thread does. The
 * thread is unreferenced while idle, so it never keeps the process alive (only for the end of a
 * checkpoint it runs); `close` ends it.
 */
export class WalCheckpointer {
  readonly #file: string;
  readonly #frames: number;
  readonly #thread: boolean;
  #shm: number | null = null;
  readonly #header = Buffer.alloc(N_BACKFILL + 4);
  #worker: Worker | null = null;
  #started = false;
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
    if (this.#running || this.#closed || !this.#thread || this.#error !== null) return;
    const wal = this.state();
    if (wal === null || wal.frames < this.#frames || wal.copied >= wal.frames) return;
    const rest = wal.frames - wal.copied < this.#frames;
    // The rest is left by a checkpoint of the thread's: none is running, so it has started.
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
    worker.on('message', (reply: Reply) => {
      this.#checkpoints++;
      this.#ns += reply.ns;
      this.#finish();
    });
    worker.on('error', (error) => {
      this.#error = error.message;
    });
    worker.on('exit', (code) => {
      if (!this.#closed) {
        this.#error ??= `the WAL checkpoint thread exited (${String(code)})`;
        process.emitWarning(
          `${this.#error} for ${this.#file}: from now on its WAL is checkpointed in the commit ` +
            `that takes it to ${String(WAL_HARD_LIMIT_FRAMES)} frames, on the event loop`,
          'CustodyWalCheckpoint',
        );
      }
      this.#worker = null;
      this.#finish();
    });
    // After the listeners: adding a 'message' listener refs the thread's port again.
    worker.unref();
    this.#worker = worker;
    this.#started = true;
    return worker;
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
