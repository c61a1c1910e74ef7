import type { RecordView, TimelineEntry } from '@custody/contracts';

/** Where the record's interrogation stands (КПК ст. 224): none under way, running, or paused. */
export type InterrogationStatus = 'none' | 'running' | 'paused';

/** The interrogation's status now, from the timeline (as the domain folds it). */
export function interrogationStatus(timeline: readonly TimelineEntry[]): InterrogationStatus {
  let status: InterrogationStatus = 'none';
  for (const e of timeline) {
    if (e.type === 'InterrogationStarted' || e.type === 'InterrogationResumed') status = 'running';
    if (e.type === 'InterrogationPaused' && status === 'running') status = 'paused';
    if (e.type === 'InterrogationEnded') status = 'none';
  }
  return status;
}

/** Whether an interrogation is running or paused now (КПК ст. 224), from the timeline. */
export function interrogationOpen(timeline: readonly TimelineEntry[]): boolean {
  return interrogationStatus(timeline) !== 'none';
}

/**
 * Whether a defender was present when the interrogation last started or resumed: what a resumption
 * most likely continues with (and what a juvenile must have, КПК ст. 490).
 */
export function defenderWasPresent(timeline: readonly TimelineEntry[]): boolean {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e?.type !== 'InterrogationStarted' && e?.type !== 'InterrogationResumed') continue;
    const payload = e.payload as { defenderPresent?: unknown } | null;
    return payload?.defenderPresent === true;
  }
  return false;
}

/** Contacts started and not yet ended, oldest first (domain.md §3.10). */
export function openContacts(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  const ended = new Set<string>();
  for (const e of timeline) {
    if (e.type !== 'ContactEnded') continue;
    const payload = e.payload as { contactEventId?: unknown } | null;
    if (typeof payload?.contactEventId === 'string') ended.add(payload.contactEventId);
  }
  return timeline.filter((e) => e.type === 'ContactStarted' && !ended.has(e.eventId));
}

/** The record is still open: detained (not yet delivered) or in custody. */
export function isActive(view: RecordView): boolean {
  return view.summary.status === 'detained' || view.summary.status === 'in_custody';
}

/** Which event types are already in the record, for the registration steps. */
export function typesSeen(timeline: readonly TimelineEntry[]): ReadonlySet<string> {
  return new Set(timeline.map((e) => e.type));
}

/** Notification kinds already made, from NotificationMade entries. */
export function notifiedKinds(timeline: readonly TimelineEntry[]): ReadonlySet<string> {
  const kinds = new Set<string>();
  for (const e of timeline) {
    if (e.type !== 'NotificationMade') continue;
    const payload = e.payload as { kind?: unknown } | null;
    if (typeof payload?.kind === 'string') kinds.add(payload.kind);
  }
  return kinds;
}
