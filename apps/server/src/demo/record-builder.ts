import {
  decide,
  evolve,
  type Actor,
  type Command,
  type CommandPayload,
  type CommandType,
  type CustodyEvent,
  type CustodyRecordState,
  type DecideSettings,
  type PlacementRoom,
} from '@custody/domain';
import type { StaffMember } from './demo-staff.ts';
import type { Rng } from './prng.ts';

const MINUTE = 60_000;

/**
 * Builds one demo custody record THROUGH THE DOMAIN: every step is a command given to `decide`
 * with the record's folded state, so every stored event is one the API would have accepted.
 * Times are minutes after the actual detention (T0, КПК ст. 209); a step whose time has not yet
 * come at `now` is skipped, so an active record stops where the present is.
 */
export class RecordBuilder {
  readonly events: CustodyEvent[] = [];
  #state: CustodyRecordState | undefined;
  #pending: { recorded: number; run: (at: number) => void }[] = [];
  #lastRecorded = 0;

  constructor(
    private readonly rng: Rng,
    readonly recordId: string,
    /** T0 in epoch milliseconds, on a whole minute. */
    readonly t0: number,
    private readonly nowMs: number,
    private readonly settings: DecideSettings,
  ) {}

  get state(): CustodyRecordState | undefined {
    return this.#state;
  }

  /** The instant `min` minutes after T0 (ISO 8601, to the minute). */
  at(min: number): string {
    return new Date(this.t0 + Math.round(min) * MINUTE).toISOString();
  }

  /** Whether an entry occurring `min` minutes after T0 is in the past of `now`. */
  can(min: number): boolean {
    return this.t0 + (Math.round(min) + 1) * MINUTE <= this.nowMs;
  }

  /**
   * Decides the command at T0 + `min` as `by`, recorded a minute or two later, or `lateMin`
   * minutes later (a late entry, domain.md §3). A late entry is decided when its recording time
   * comes, so each stream is in recording order. Returns the event's id (undefined for a late
   * entry, or when the time is still to come). A refusal is a bug in the demo and throws.
   * `placement`: the room for detainees a MoveDetainee places the person in, with its occupants
   * then, as the server gives it to `decide` (the placement rules, domain.md §4).
   */
  do<C extends CommandType>(
    type: C,
    min: number,
    by: StaffMember,
    payload: CommandPayload<C>,
    lateMin?: number,
    placement?: PlacementRoom,
  ): string | undefined {
    if (!this.can(min)) return undefined;
    const occurred = this.t0 + Math.round(min) * MINUTE;
    const delay = lateMin === undefined ? this.rng.int(10, 170) * 1000 : lateMin * MINUTE;
    const recorded = Math.min(occurred + delay, this.nowMs);
    const run = (at: number) => this.#decide(type, this.at(min), by, payload, at, placement);
    if (lateMin !== undefined) {
      this.#pending.push({ recorded, run });
      return undefined;
    }
    const closing = type === 'ReleaseDetainee' || type === 'TransferDetainee';
    this.#flush(closing ? Number.POSITIVE_INFINITY : recorded, recorded);
    return run(recorded);
  }

  /** Decides the late entries still waiting for their recording time. */
  finish(): void {
    this.#flush(Number.POSITIVE_INFINITY, this.nowMs);
  }

  #flush(upTo: number, cap: number): void {
    const due = this.#pending
      .filter((p) => p.recorded <= upTo)
      .sort((a, b) => a.recorded - b.recorded);
    this.#pending = this.#pending.filter((p) => p.recorded > upTo);
    for (const p of due) p.run(Math.min(p.recorded, cap));
  }

  #decide(
    type: CommandType,
    occurredAt: string,
    by: StaffMember,
    payload: unknown,
    at: number,
    placement?: PlacementRoom,
  ) {
    this.#lastRecorded = Math.max(this.#lastRecorded, at);
    const actor: Actor = { id: by.id, role: by.role };
    const command = { type, occurredAt, payload } as Command;
    const result = decide(command, this.#state, {
      now: new Date(this.#lastRecorded).toISOString(),
      actor,
      newId: () => this.rng.uuid(),
      settings: this.settings,
      ...(placement === undefined ? {} : { placement }),
    });
    if (!result.ok) {
      throw new Error(`demo record ${this.recordId}: ${type} refused: ${result.error.message}`);
    }
    for (const e of result.events) {
      this.#state = evolve(this.#state, e);
      this.events.push(e);
    }
    return result.events[0]?.id;
  }
}
