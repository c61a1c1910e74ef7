import {
  foldEvents,
  foldFacts,
  evolve,
  type CustodyEvent,
  type CustodyRecordState,
  type RecordFacts,
} from '@custody/domain';
import type { EventStore, StreamEvent } from '../store/index.ts';
import { recordStream } from '../streams.ts';

/** A stored event as the domain folds it; null when its payload was lawfully erased. */
export function toCustodyEvent(e: StreamEvent): CustodyEvent | null {
  if (e.payload === null) return null;
  return {
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: e.actor,
    payload: e.payload,
  } as CustodyEvent;
}

/** One record folded at one stream version. */
export interface LoadedRecord {
  readonly version: number;
  /** Events with a payload, in stream order (erased ones cannot be folded). */
  readonly events: readonly CustodyEvent[];
  readonly state: CustodyRecordState | undefined;
  /** The legal clock's facts (domain clock), kept so the whiteboard folds each record once. */
  readonly facts: RecordFacts;
}

const EMPTY: LoadedRecord = { version: 0, events: [], state: undefined, facts: foldFacts([]) };

function load(stored: readonly StreamEvent[], base?: LoadedRecord): LoadedRecord {
  let state = base?.state;
  const events = [...(base?.events ?? [])];
  let version = base?.version ?? 0;
  for (const s of stored) {
    version = s.streamVersion;
    const e = toCustodyEvent(s);
    if (e === null) continue;
    events.push(e);
    state = evolve(state, e);
  }
  return { version, events, state, facts: foldFacts(events) };
}

/**
 * Folded custody records keyed by stream version: a record is read from the log only past the
 * version already folded, so the whiteboard of 200 active records folds only what is new.
 * Several server processes each keep one, and none hears of the others' appends, so a cached
 * record is never taken as current without the database's word: a read asks for at least the
 * version its summary row holds; a command is decided on the record at the version its caller
 * states (`forCommand`), and the append's expected version, compared by the store under its
 * lock, is that word: entries 1..n of a stream never change, so a record folded at version n is
 * the record at n in every process, and an append at n fails with a conflict if the stream has
 * moved on, whoever moved it.
 */
export class RecordCache {
  private readonly entries = new Map<string, LoadedRecord>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity = 2000,
  ) {}

  /** The record at `version` or later; `version` undefined reads whatever the log holds now. */
  async get(recordId: string, version?: number): Promise<LoadedRecord> {
    const cached = this.entries.get(recordId);
    if (cached !== undefined && version !== undefined && cached.version >= version) return cached;
    const from = (cached?.version ?? 0) + 1;
    const stored = await this.store.readEvents(recordStream(recordId), from);
    if (cached !== undefined && stored.length === 0) return cached;
    const erasedSince = stored.some((s) => s.type === 'PayloadErased');
    const loaded = erasedSince
      ? load(await this.store.readEvents(recordStream(recordId)))
      : load(stored, cached);
    this.put(recordId, loaded);
    return loaded;
  }

  /**
   * The record folded from its whole stream as a reader just read it (`stored`, from version 1):
   * the cached fold when it is at that version, else a fold of `stored`, kept when newer than the
   * cached one. The record page needs the stored entries (timeline, leaf hashes) anyway, so it
   * reads the stream once instead of once for the fold and once for the timeline.
   */
  fromStream(recordId: string, stored: readonly StreamEvent[]): LoadedRecord {
    const version = stored.at(-1)?.streamVersion ?? 0;
    const cached = this.entries.get(recordId);
    if (cached?.version === version) return cached;
    const loaded = load(stored);
    if (cached === undefined || cached.version < version) this.put(recordId, loaded);
    return loaded;
  }

  /**
   * The record to decide a command on that its caller states was at `expected`: the folded
   * record when it is at exactly that version, or, for a new record (0) never seen, the empty
   * one, without reading the log; otherwise what the log holds now. The append must then state
   * the same version (see the class comment), and its conflict answers a stale caller.
   */
  async forCommand(recordId: string, expected: number): Promise<LoadedRecord> {
    const cached = this.entries.get(recordId);
    if (cached?.version === expected) return cached;
    if (cached === undefined && expected === 0) return EMPTY;
    return this.get(recordId);
  }

  /** The record after `stored` (just appended to `base`) was committed. */
  appended(recordId: string, base: LoadedRecord, stored: readonly StreamEvent[]): void {
    const last = stored.at(-1);
    if (last === undefined || last.streamVersion !== base.version + stored.length) return;
    if (stored.some((s) => s.type === 'PayloadErased')) {
      this.entries.delete(recordId);
      return;
    }
    this.put(recordId, load(stored, base));
  }

  /** Forgets a record (its append conflicted: the log has moved past the folded version). */
  forget(recordId: string): void {
    this.entries.delete(recordId);
  }

  private put(recordId: string, loaded: LoadedRecord): void {
    this.entries.delete(recordId);
    this.entries.set(recordId, loaded);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }
}

/** Folds a record's full stream without the cache (rebuilds, tests). */
export function foldStored(stored: readonly StreamEvent[]): CustodyRecordState | undefined {
  return foldEvents(stored.flatMap((s) => toCustodyEvent(s) ?? []));
}
