import type { AppendRequest, PlannedRequest } from './plan-batch.ts';
import type { CommittedBatch } from './write-batch.ts';

interface Waiting {
  request: AppendRequest;
  resolve: (r: { plan: PlannedRequest; batch: CommittedBatch }) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: appends that arrive while a transaction is committing (or within `windowMs`
 * of the first) share the next transaction, and each caller is answered only after that
 * commit returned, i.e. is durable (WAL + synchronous=FULL on SQLite, fsync on PostgreSQL).
 */
export class GroupCommitter {
  #queue: Waiting[] = [];
  #running = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly commit: (requests: readonly AppendRequest[]) => Promise<CommittedBatch>,
    private readonly windowMs: number,
  ) {}

  submit(request: AppendRequest): Promise<{ plan: PlannedRequest; batch: CommittedBatch }> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        if (this.windowMs > 0) setTimeout(() => void this.#drain(), this.windowMs);
        else setImmediate(() => void this.#drain());
      }
    });
  }

  /** Resolves once nothing is queued or committing. */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const group = this.#queue;
      this.#queue = [];
      await this.#commitGroup(group);
      // Callers just answered re-queue within microtasks; one macrotask turn lets them all in,
      // so the next commit carries every ready appender instead of the first few.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.#running = false;
    for (const f of this.#idle.splice(0)) f();
  }

  async #commitGroup(group: readonly Waiting[]): Promise<void> {
    let batch: CommittedBatch;
    try {
      batch = await this.commit(group.map((w) => w.request));
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      // One bad request (say a duplicate event id) must not sink the others: retry alone.
      for (const w of group) await this.#commitGroup([w]);
      return;
    }
    group.forEach((w, i) => {
      const outcome = batch.outcomes[i];
      if (outcome === undefined) w.reject(new Error('group commit lost a request'));
      else if (outcome.ok) w.resolve({ plan: outcome.plan, batch });
      else w.reject(outcome.error);
    });
  }
}
