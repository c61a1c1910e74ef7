import type { Room, TimelineEntry } from '@custody/contracts';
import type { DutyMessageKey } from '../i18n/use-duty-t.ts';

/** A choice of a select or radio group: the payload value and the catalogue key naming it. */
export interface FieldOption {
  readonly value: string;
  readonly label: DutyMessageKey;
}

/** What a field may look at to decide whether it shows (the form's current values). */
export type FormValues = { readonly payload: Readonly<Record<string, unknown>> } & Readonly<
  Record<string, unknown>
>;

interface Base {
  /** The payload path the field writes (`servedBy`, `signature`), also its error path. */
  readonly name: string;
  /** Catalogue key of the label; the payload field's shared label when absent. */
  readonly label?: DutyMessageKey;
  readonly hint?: DutyMessageKey;
  readonly optional?: boolean;
  readonly showIf?: (payload: Readonly<Record<string, unknown>>) => boolean;
}

/**
 * One field of a command form, by kind. Statements of the detainee or an officer are `yesno`
 * (two radios, neither chosen at first), never a pre-ticked box (issue: the attested is never
 * pre-filled); `toggle` is only for facts of the form itself (a rest period was interrupted).
 */
export type FieldSpec =
  | (Base & { readonly kind: 'text' | 'area'; readonly presets?: readonly DutyMessageKey[] })
  | (Base & { readonly kind: 'choice'; readonly options: readonly FieldOption[] })
  | (Base & { readonly kind: 'select'; readonly options: readonly FieldOption[] })
  | (Base & { readonly kind: 'checkboxes'; readonly options: readonly FieldOption[] })
  | (Base & { readonly kind: 'yesno'; readonly yes?: DutyMessageKey; readonly no?: DutyMessageKey })
  | (Base & { readonly kind: 'toggle' | 'person' | 'people' | 'instant' | 'signature' })
  | (Base & { readonly kind: 'items' | 'list' | 'number' | 'room' | 'injuries' })
  | (Base & { readonly kind: 'officer' })
  /**
   * The reason for a placement that breaks placement rules: the rules the chosen room for
   * detainees would break (the server's check, before sending) and the reason, asked then.
   */
  | (Base & { readonly kind: 'placementReason' })
  /** One of the unit's active supervisors (GET /units/{id}/supervisors): who approves. */
  | (Base & { readonly kind: 'supervisor' })
  | (Base & { readonly kind: 'correction' })
  | (Base & {
      readonly kind: 'entry';
      readonly pick: (timeline: readonly TimelineEntry[]) => readonly TimelineEntry[];
    });

/** What a form knows beyond its values: the record, the user, the unit's rooms and clock. */
export interface FormContext {
  readonly recordId: string;
  readonly unitId: string;
  readonly timeZone: string;
  readonly user: { readonly id: string; readonly displayName: string };
  readonly rooms: readonly Room[];
  readonly timeline: readonly TimelineEntry[];
}

/** The id of a field's input in a form, for labels and the error summary's links. */
export function fieldId(formId: string, name: string): string {
  return `${formId}-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/**
 * The node at a field's dotted path (`uses.0.technique`) of a nested object: a payload, or the
 * errors react-hook-form keeps for it.
 */
export function atPath(node: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (at, key) =>
        at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined,
      node,
    );
}
