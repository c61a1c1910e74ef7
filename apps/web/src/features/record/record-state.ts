import type { RecordView, TimelineEntry } from '@custody/contracts';

/** Whether an interrogation is running or paused now (КПК ст. 224), from the timeline. */
export function interrogationOpen(timeline: readonly TimelineEntry[]): boolean {
  let open = false;
  for (const e of timeline) {
    if (e.type === 'InterrogationStarted') open = true;
    if (e.type === 'InterrogationEnded') open = false;
  }
  return open;
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
