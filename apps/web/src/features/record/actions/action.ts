import type { CommandType } from '@custody/domain';
import type { DutyMessageKey, DutyT } from '../i18n/use-duty-t.ts';
import type { FieldOption, FieldSpec, FormContext } from './field-spec.ts';

/** The groups of the record page's actions, in page order (domain.md §3: the life of a record). */
export const ACTION_GROUPS = [
  'quick',
  'custody',
  'rights',
  'health',
  'procedure',
  'record',
  'end',
] as const;
export type ActionGroup = (typeof ACTION_GROUPS)[number];

/** A one-tap entry: a button that records this payload at once (the whiteboard's fast paths). */
export interface Preset {
  readonly label: DutyMessageKey;
  /** The payload it records, its words in the interface language. */
  readonly payload: (dt: DutyT) => Record<string, unknown>;
}

/**
 * One screen of the web app that records one domain command: its label, its group on the record
 * page, its fields and what it starts with. The record page offers it exactly when the server
 * lists its command in `RecordView.commands` (authorized for the user, accepted in the state).
 */
export interface RecordAction {
  readonly id: string;
  readonly command: CommandType;
  readonly label: DutyMessageKey;
  readonly group: ActionGroup;
  readonly fields: readonly FieldSpec[];
  /** Context values only (the unit, the user as author); never a statement of fact. */
  readonly defaults?: (ctx: FormContext) => Record<string, unknown>;
  readonly presets?: readonly Preset[];
  readonly submitLabel?: DutyMessageKey;
}

/** The options of a select or radio group from a domain enumeration, named by a catalogue key. */
export function opts(namespace: string, values: readonly string[]): FieldOption[] {
  return values.map((value) => ({ value, label: `${namespace}.${value}` as DutyMessageKey }));
}

/** The user as the author of an entry (`madeBy`, `servedBy`, an interrogator). */
export const me = (ctx: FormContext) => ({ id: ctx.user.id, name: ctx.user.displayName });

/** Entries of the timeline of the given types that no later entry closed. */
export function openEntries(type: string, closer: string, field: string) {
  return <E extends { type: string; eventId: string; payload: unknown }>(
    timeline: readonly E[],
  ): E[] => {
    const closed = new Set(
      timeline
        .filter((e) => e.type === closer)
        .map((e) => (e.payload as Record<string, unknown> | null)?.[field]),
    );
    return timeline.filter((e) => e.type === type && !closed.has(e.eventId));
  };
}
