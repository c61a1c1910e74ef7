import { expect } from 'vitest';
import type { Command } from '../commands.ts';
import { DEFAULT_DECIDE_SETTINGS } from '../decide.context.ts';
import type { ApproverStanding, DecideContext, DecideSettings } from '../decide.context.ts';
import { decide } from '../decide.ts';
import type { DecideResult } from '../decide.ts';
import type { Actor, CustodyEvent, EventOf } from '../envelope.ts';
import type { DomainErrorCode } from '../errors.ts';
import type { EventPayload, EventType } from '../events.ts';
import { foldEvents } from '../evolve.ts';
import { normaliseDateTime } from '../payloads/date-time.ts';
import type { PlacementRoom } from '../placement.ts';
import type { CustodyRecordState } from '../state.ts';

/** Actual detention of the standard scenario. */
export const T0 = '2026-03-01T10:00:00Z';

/** The instant `minutes` after T0, to the second, with 'Z'. */
export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

export const actors = {
  officer: { id: 'officer-1', role: 'detaining_officer' },
  duty: { id: 'duty-1', role: 'duty_inspector' },
  inspector: { id: 'inspector-1', role: 'custody_inspector' },
  investigator: { id: 'investigator-1', role: 'investigator' },
  medic: { id: 'medic-1', role: 'medical' },
  supervisor: { id: 'supervisor-1', role: 'supervisor' },
} as const satisfies Record<string, Actor>;

interface EventOptions {
  readonly id?: string;
  readonly at?: string;
  readonly recordedAt?: string;
  readonly actor?: Actor;
}

let counter = 0;

/** A past event for `given`, with fixed times and a readable id. */
export function event<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  options: EventOptions = {},
): EventOf<T> {
  counter += 1;
  const occurredAt = options.at ?? at(60);
  return {
    id: options.id ?? `given-${type}-${counter}`,
    type,
    occurredAt,
    recordedAt: options.recordedAt ?? occurredAt,
    actor: options.actor ?? actors.officer,
    payload,
  } as EventOf<T>;
}

interface WhenOptions {
  readonly actor?: Actor;
  readonly now?: string;
  readonly settings?: Partial<DecideSettings>;
  /** Standing of named approvers; by default supervisor-1 is an active supervisor of the unit. */
  readonly approvers?: ReadonlyMap<string, ApproverStanding>;
  readonly placement?: PlacementRoom;
}

export interface Then {
  readonly result: DecideResult;
  readonly state: CustodyRecordState | undefined;
  /** The command was accepted; returns the events and the state after them. */
  thenEvents(...expected: { type: EventType; payload?: Record<string, unknown> }[]): {
    events: CustodyEvent[];
    state: CustodyRecordState;
  };
  /** The command was refused with this code. */
  thenRefused(code: DomainErrorCode, details?: Record<string, unknown>): void;
}

/** given(events).when(command).then(events | refusal), with a fixed clock and fixed ids. */
export function scenario() {
  const history: CustodyEvent[] = [];
  const api = {
    given(...events: CustodyEvent[]) {
      history.push(...events);
      return api;
    },
    when(command: Command, options: WhenOptions = {}): Then {
      const state = foldEvents(history);
      let n = 0;
      const ctx: DecideContext = {
        now: options.now ?? at(120),
        actor: options.actor ?? actors.inspector,
        newId: () => `new-${++n}`,
        settings: { ...DEFAULT_DECIDE_SETTINGS, ...options.settings },
        approvers: options.approvers ?? new Map([['supervisor-1', 'supervisor_of_unit']]),
        ...(options.placement === undefined ? {} : { placement: options.placement }),
      };
      const result = decide(command, state, ctx);
      return {
        result,
        state,
        thenEvents(...expected) {
          if (!result.ok) expect.fail(`refused: ${result.error.code} ${result.error.message}`);
          expect(result.events).toHaveLength(expected.length);
          result.events.forEach((e, i) => {
            const want = expected[i]!;
            expect(e.type).toBe(want.type);
            expect(e.occurredAt).toBe(normaliseDateTime(command.occurredAt)?.instant);
            expect(e.recordedAt).toBe(ctx.now);
            expect(e.actor).toEqual(ctx.actor);
            if (want.payload !== undefined) expect(e.payload).toMatchObject(want.payload);
          });
          const after = foldEvents([...history, ...result.events]);
          return { events: result.events, state: after! };
        },
        thenRefused(code, details) {
          if (result.ok) expect.fail(`accepted: ${result.events.map((e) => e.type).join(', ')}`);
          expect(result.error.code).toBe(code);
          expect(result.error.message.length).toBeGreaterThan(0);
          if (details !== undefined) expect(result.error).toMatchObject(details);
        },
      };
    },
  };
  return api;
}
