import type { RegistrationValues, StepId } from './steps.ts';

/** A registration in progress on this device: values typed so far, steps done, the current step. */
export interface RegistrationDraft {
  readonly step: number;
  readonly done: readonly StepId[];
  readonly values: RegistrationValues;
}

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One draft per record, so two registrations on one tablet never mix. */
export function draftKey(recordId: string): string {
  return `custody.registration.${recordId}`;
}

/** The saved draft, or undefined when there is none or it cannot be read (then the flow starts clean). */
export function loadDraft(
  storage: DraftStorage | undefined,
  recordId: string,
  defaults: RegistrationValues,
): RegistrationDraft | undefined {
  const raw = storage?.getItem(draftKey(recordId));
  if (raw === null || raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<RegistrationDraft>;
    if (typeof parsed.step !== 'number' || !Array.isArray(parsed.done)) return undefined;
    return { step: parsed.step, done: parsed.done, values: { ...defaults, ...parsed.values } };
  } catch {
    return undefined;
  }
}

export function saveDraft(
  storage: DraftStorage | undefined,
  recordId: string,
  draft: RegistrationDraft,
): void {
  try {
    storage?.setItem(draftKey(recordId), JSON.stringify(draft));
  } catch {
    // A full or disabled storage loses only the draft, never an entry.
  }
}

/** Removes the draft once the registration is complete. */
export function clearDraft(storage: DraftStorage | undefined, recordId: string): void {
  storage?.removeItem(draftKey(recordId));
}
