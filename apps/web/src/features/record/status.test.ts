import { describe, expect, it } from 'vitest';
import type { Obligation } from '@custody/contracts';
import { dutyTranslate, type DutyT } from './i18n/use-duty-t.ts';
import { obligationLabel } from './obligation-label.ts';
import { urgentStatus, worseThanShown } from './status.ts';

function ob(id: string, status: Obligation['status'], extra: Partial<Obligation> = {}): Obligation {
  return {
    id,
    kind: 'meal',
    dueAt: '2026-03-01T14:00:00Z',
    warnAt: null,
    status,
    basis: { act: 'КПК', article: '211', part: '2' },
    explanation: { uk: 'x', en: 'x' },
    ...extra,
  };
}

const upcomingMeal = ob('meal', 'upcoming');
const warningLimit = ob('detention_limit_72h', 'warning', {
  kind: 'detention_limit',
  absolute: true,
});
const overdueNotice = ob('notification:legal_aid_centre', 'overdue', { kind: 'notification' });
const overDetention = ob('detention_limit_72h', 'overdue', {
  kind: 'detention_limit',
  absolute: true,
});

describe('urgentStatus: the row colour agrees with the deadline shown', () => {
  it('colours the row by the deadline the server ranked first', () => {
    expect(urgentStatus(overdueNotice, 'overdue')).toBe('overdue');
    expect(urgentStatus(overDetention, 'over_detention')).toBe('over-detention');
    expect(urgentStatus(upcomingMeal, 'ok')).toBe('ok');
  });

  it('never shows a row milder than the record: a limit in warning over an overdue routine', () => {
    expect(urgentStatus(warningLimit, 'overdue')).toBe('overdue');
    expect(urgentStatus(null, 'over_detention')).toBe('over-detention');
    expect(urgentStatus(undefined, 'ok')).toBe('ok');
  });
});

describe('obligationLabel', () => {
  it('names the recipient of a notification deadline and nothing more for other kinds', () => {
    const dt: DutyT = (key, vars) => dutyTranslate('uk', key, vars);
    expect(obligationLabel(overdueNotice, dt)).toBe(
      'Повідомлення: Центр з надання безоплатної правничої допомоги',
    );
    expect(obligationLabel({ id: 'notification:nobody', kind: 'notification' }, dt)).toBe(
      'Повідомлення',
    );
    expect(obligationLabel(upcomingMeal, dt)).toBe('Харчування');
  });
});

describe('worseThanShown: a row never shows a badge its deadline does not bear', () => {
  const overdueCheck = ob('cell_check', 'overdue', { kind: 'cell_check' });
  const overdueMeal = ob('meal', 'overdue', { dueAt: '2026-03-01T13:00:00Z' });

  it('names the overdue routine behind a limit in warning', () => {
    const open = [warningLimit, overdueCheck, upcomingMeal];
    expect(worseThanShown(open, warningLimit, 'overdue')).toBe(overdueCheck);
  });

  it('takes, of several in the row state, the first by the domain ranking', () => {
    const open = [warningLimit, overdueCheck, overdueNotice, overdueMeal];
    // A notification (tier 4) ranks before the welfare routines (tier 6).
    expect(worseThanShown(open, warningLimit, 'overdue')).toBe(overdueNotice);
    // Among the routines, the older breach first.
    expect(worseThanShown([warningLimit, overdueCheck, overdueMeal], warningLimit, 'overdue')).toBe(
      overdueMeal,
    );
  });

  it('adds nothing when the shown deadline is as bad as the row, or the row is well', () => {
    expect(worseThanShown([overdueNotice, overdueCheck], overdueNotice, 'overdue')).toBeUndefined();
    expect(worseThanShown([overDetention], overDetention, 'over_detention')).toBeUndefined();
    expect(worseThanShown([upcomingMeal], upcomingMeal, 'ok')).toBeUndefined();
  });

  it('names the overdue deadline when the server ranked none first', () => {
    expect(worseThanShown([overdueCheck], null, 'overdue')).toBe(overdueCheck);
  });
});
