import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@custody/contracts';
import { RECORD_ACTIONS_ALL } from '../record/actions/registry.ts';
import { STEPS, requiredNotifications, resumeAt, stepDone } from './steps.ts';

const entry = (type: string, payload: unknown = {}): TimelineEntry =>
  ({ type, payload, eventId: type, version: 1 }) as unknown as TimelineEntry;

describe('registration steps', () => {
  it('are each an action of the record page', () => {
    const ids = new Set(RECORD_ACTIONS_ALL.map((a) => a.id));
    for (const step of STEPS) expect(ids.has(step.action), step.id).toBe(true);
  });

  it('owe the legal aid centre first, parents for a juvenile, the consulate for a foreigner', () => {
    expect(requiredNotifications(false, false)).toEqual(['legal_aid_centre', 'relative']);
    expect(requiredNotifications(true, true)).toEqual([
      'legal_aid_centre',
      'relative',
      'parents_guardians',
      'consulate',
    ]);
  });

  it('resume at the first step the record does not hold', () => {
    const required = requiredNotifications(false, false);
    expect(resumeAt([], required)).toBe(0);
    const arrived = [entry('DetentionRecorded'), entry('DetaineeDelivered')];
    expect(STEPS[resumeAt(arrived, required)]?.id).toBe('identity');
    const notified = [
      ...arrived,
      entry('DetaineeRegistered'),
      entry('ResponsibleOfficialAssigned'),
      entry('RightsExplained'),
      entry('NotificationMade', { kind: 'legal_aid_centre' }),
    ];
    expect(STEPS[resumeAt(notified, required)]?.id).toBe('notifications');
    const all = [...notified, entry('NotificationMade', { kind: 'relative' })];
    const notifications = STEPS.find((s) => s.id === 'notifications');
    expect(notifications && stepDone(notifications, all, required)).toBe(true);
    expect(STEPS[resumeAt(all, required)]?.id).toBe('health');
  });
});
