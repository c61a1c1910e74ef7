import type { EventPayload, EventType } from './events.ts';

/** Who acts in the system (domain.md §2). `custody_inspector` is the responsible official, КПК ст. 212. */
export const ROLES = [
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
  'hq',
  'monitor',
  'lawyer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated person on whose behalf an entry is made; each logs in as themselves. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
}

/**
 * One entry of a custody record. Both times go into the tamper-evident leaf (integrity.md), so
 * a late entry stays visibly late.
 */
export interface EventEnvelope<T extends EventType = EventType> {
  /** Event id (uuid), given by the caller. */
  readonly id: string;
  readonly type: T;
  /** ISO-8601 UTC instant with 'Z', to the second or minute, as stated by the officer. */
  readonly occurredAt: string;
  /**
   * The offset the time was stated in (RFC 3339, e.g. '+02:00'), when not 'Z': `occurredAt` is
   * the same instant normalised to UTC. Part of the leaf, as both times are.
   */
  readonly occurredOffset?: string;
  /** ISO-8601 UTC instant with 'Z', the server clock at decide time. */
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly payload: EventPayload<T>;
}

/** Any custody event, discriminated by `type`. */
export type CustodyEvent = { [T in EventType]: EventEnvelope<T> }[EventType];

/** An event of one given type. */
export type EventOf<T extends EventType> = Extract<CustodyEvent, { type: T }>;

/** The default gap between occurred-at and recorded-at past which an entry is late (domain.md §3). */
export const DEFAULT_LATE_ENTRY_MINUTES = 15;

/** How far in the future of the server clock an occurred-at may lie (clock skew of tablets). */
export const DEFAULT_FUTURE_SKEW_SECONDS = 120;

/**
 * Lateness is derived, never stored: an entry is late when recorded-at exceeds occurred-at by more
 * than `limitMinutes` (domain.md §3, *default* 15 min).
 */
export function isLate(
  event: Pick<EventEnvelope, 'occurredAt' | 'recordedAt'>,
  limitMinutes: number = DEFAULT_LATE_ENTRY_MINUTES,
): boolean {
  return lateByMs(event) > limitMinutes * 60_000;
}

/** Milliseconds by which recording trailed the event (negative when stated slightly ahead). */
export function lateByMs(event: Pick<EventEnvelope, 'occurredAt' | 'recordedAt'>): number {
  return Date.parse(event.recordedAt) - Date.parse(event.occurredAt);
}
