import { describe, expect, it } from 'vitest';
import type { Obligation } from '@custody/contracts';
import { dutyTranslate, type DutyT } from './i18n/use-duty-t.ts';
import { obligationLabel } from './obligation-label.ts';
import { byUrgency, mostUrgent, urgentStatus } from './urgency.ts';

function ob(
  id: string,
  status: Obligation['status'],
  dueAt: string | null,
  extra: Partial<Obligation> = {},
): Obligation {
  return {
    id,
    kind: 'meal',
    dueAt,
    warnAt: null,
    status,
    basis: { act: 'PACE Code C', article: '8.6' },
    explanation: { uk: 'x', en: 'x' },
    ...extra,
  };
}

const upcomingMeal = ob('meal', 'upcoming', '2026-03-01T14:00:00Z');
const warningCheck = ob('cell_check:next', 'warning', '2026-03-01T15:00:00Z', {
  kind: 'cell_check',
});
const overdueNotice = ob('notification:legal_aid_centre', 'overdue', '2026-03-01T10:30:00Z', {
  kind: 'notification',
});
const olderOverdueRest = ob('rest', 'overdue', '2026-02-28T09:00:00Z', { kind: 'rest' });
const overDetention = ob('detention_limit', 'overdue', '2026-03-01T12:00:00Z', {
  kind: 'detention_limit',
  absolute: true,
});
const met = ob('suspicion_notice', 'met', '2026-02-28T08:00:00Z', {
  metAt: '2026-02-28T07:00:00Z',
});

describe('mostUrgent: what the "next deadline" shows', () => {
  it('shows an overdue deadline rather than an upcoming one that falls due sooner', () => {
    // The upcoming meal is the next to fall due, but the notification is already overdue.
    expect(mostUrgent([upcomingMeal, overdueNotice])).toBe(overdueNotice);
    expect(mostUrgent([upcomingMeal, warningCheck, overdueNotice])?.id).toBe(overdueNotice.id);
  });

  it('puts over-detention before any other overdue deadline, even an older one', () => {
    expect(mostUrgent([olderOverdueRest, overdueNotice, overDetention, upcomingMeal])).toBe(
      overDetention,
    );
  });

  it('takes the oldest of several overdue deadlines', () => {
    expect(mostUrgent([overdueNotice, olderOverdueRest])).toBe(olderOverdueRest);
    expect(mostUrgent([olderOverdueRest, overdueNotice])).toBe(olderOverdueRest);
  });

  it('puts a warning before an upcoming deadline that is due earlier', () => {
    const soonerUpcoming = ob('meal:soon', 'upcoming', '2026-03-01T14:30:00Z');
    expect(mostUrgent([soonerUpcoming, warningCheck])).toBe(warningCheck);
  });

  it('orders upcoming deadlines by due time, those without one last, and ignores met ones', () => {
    const later = ob('rest', 'upcoming', '2026-03-02T09:00:00Z');
    const undated = ob('pace_review', 'upcoming', null);
    expect(mostUrgent([undated, later, upcomingMeal, met])).toBe(upcomingMeal);
    expect(mostUrgent([undated, met])).toBe(undated);
    expect(mostUrgent([met])).toBeUndefined();
    expect(mostUrgent<Obligation>([])).toBeUndefined();
  });

  it('sorts a whole list in the order the record page shows it', () => {
    const sorted = [met, upcomingMeal, warningCheck, overdueNotice, overDetention, olderOverdueRest]
      .sort(byUrgency)
      .map((o) => o.id);
    expect(sorted).toEqual([
      'detention_limit',
      'rest',
      'notification:legal_aid_centre',
      'cell_check:next',
      'meal',
      'suspicion_notice',
    ]);
  });
});

describe('urgentStatus: the row colour agrees with the deadline shown', () => {
  it('colours the row by the deadline shown', () => {
    expect(urgentStatus(mostUrgent([upcomingMeal, overdueNotice]), 'overdue')).toBe('overdue');
    expect(urgentStatus(mostUrgent([upcomingMeal, overDetention]), 'over_detention')).toBe(
      'over-detention',
    );
    expect(urgentStatus(mostUrgent([upcomingMeal, warningCheck]), 'warning')).toBe('warning');
    expect(urgentStatus(mostUrgent([upcomingMeal]), 'ok')).toBe('ok');
  });

  it('never shows a row milder than the record: a stale or missing deadline falls back', () => {
    expect(urgentStatus(undefined, 'over_detention')).toBe('over-detention');
    expect(urgentStatus(upcomingMeal, 'overdue')).toBe('overdue');
    expect(urgentStatus(undefined, 'ok')).toBe('ok');
  });
});

describe('obligationLabel', () => {
  it('names the recipient of a notification deadline and nothing more for other kinds', () => {
    const dt: DutyT = (key, vars) => dutyTranslate('uk', key, vars);
    expect(obligationLabel(overdueNotice, dt)).toBe(
      'Повідомлення: Центр безоплатної правничої допомоги',
    );
    expect(obligationLabel({ id: 'notification:nobody', kind: 'notification' }, dt)).toBe(
      'Повідомлення',
    );
    expect(obligationLabel(upcomingMeal, dt)).toBe('Харчування');
  });
});
