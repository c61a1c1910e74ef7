import type { TimelineEntry } from '@custody/contracts';
import type { NotificationKind } from '@custody/domain';

/**
 * The steps of the guided registration, in the order of domain.md §3 (2-10), each the record
 * page's action of that name (features/record/actions) shown in the page; `done` is read from the
 * record itself, so the guide resumes where the record stands, on any device.
 */
export const STEPS = [
  { id: 'delivery', action: 'delivery', done: ['DetaineeDelivered'] },
  { id: 'identity', action: 'register', done: ['DetaineeRegistered'] },
  { id: 'official', action: 'assign', done: ['ResponsibleOfficialAssigned'] },
  { id: 'rights', action: 'rights', done: ['RightsExplained'] },
  { id: 'notifications', action: 'notification', done: [] },
  { id: 'health', action: 'injuries', done: ['InjuriesRecorded'] },
  { id: 'property', action: 'property', done: ['PropertyRecorded'] },
  { id: 'risk', action: 'risk', done: ['RiskAssessed'] },
  { id: 'observation', action: 'observation', done: ['ObservationLevelSet'] },
  { id: 'cell', action: 'movement', done: ['DetaineeMoved'] },
] as const;
export type Step = (typeof STEPS)[number];
export type StepId = Step['id'];

/** The notifications owed "immediately" for this detainee, the legal aid centre first (CMU 1363; КПК ст. 213). */
export function requiredNotifications(juvenile: boolean, foreigner: boolean): NotificationKind[] {
  return [
    'legal_aid_centre',
    'relative',
    ...(juvenile ? (['parents_guardians'] as const) : []),
    ...(foreigner ? (['consulate'] as const) : []),
  ];
}

/** Notification kinds already made, from the record's NotificationMade entries. */
export function notifiedKinds(timeline: readonly TimelineEntry[]): ReadonlySet<string> {
  const kinds = new Set<string>();
  for (const e of timeline) {
    if (e.type !== 'NotificationMade') continue;
    const payload = e.payload as { kind?: unknown } | null;
    if (typeof payload?.kind === 'string') kinds.add(payload.kind);
  }
  return kinds;
}

/** Whether the record already holds what a step records (notifications: every one owed). */
export function stepDone(
  step: Step,
  timeline: readonly TimelineEntry[],
  required: readonly NotificationKind[],
): boolean {
  if (step.id === 'notifications') {
    const made = notifiedKinds(timeline);
    return required.every((k) => made.has(k));
  }
  const seen = new Set(timeline.map((e) => e.type));
  return step.done.some((type) => seen.has(type));
}

/** Where the guide opens: the first step the record does not yet hold, else the last. */
export function resumeAt(
  timeline: readonly TimelineEntry[],
  required: readonly NotificationKind[],
): number {
  const index = STEPS.findIndex((s) => !stepDone(s, timeline, required));
  return index === -1 ? STEPS.length - 1 : index;
}
