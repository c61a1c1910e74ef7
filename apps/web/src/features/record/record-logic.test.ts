import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@custody/contracts';
import { ApiError } from '../../api/client.ts';
import { translate } from '../../i18n/index.ts';
import { dutyTranslate, type DutyT } from './i18n/use-duty-t.ts';
import { mayIssue, rolesFor } from './permissions.ts';
import { describeRefusal } from './refusal.ts';
import {
  defenderWasPresent,
  interrogationOpen,
  interrogationStatus,
  notifiedKinds,
  openContacts,
} from './record-state.ts';
import { obligationStatus, rowStatus } from './status.ts';

let n = 0;
function entry(type: string, payload: unknown = {}): TimelineEntry {
  n += 1;
  return {
    logIndex: n,
    eventId: `e${n}`,
    version: n,
    type,
    occurredAt: '2026-03-01T10:00:00Z',
    recordedAt: '2026-03-01T10:00:00Z',
    late: false,
    actor: { id: 'u', role: 'duty_inspector', displayName: null },
    payload,
    withheld: null,
    corrects: null,
    correctedBy: [],
    leafHash: '',
  };
}

describe('what the screens offer to whom (domain.md §2)', () => {
  it('offers cell checks to duty and custody inspectors, never to an investigator', () => {
    expect(mayIssue('duty_inspector', 'RecordCellCheck')).toBe(true);
    expect(mayIssue('custody_inspector', 'RecordCellCheck')).toBe(true);
    expect(mayIssue('investigator', 'RecordCellCheck')).toBe(false);
    expect(mayIssue('monitor', 'RecordCellCheck')).toBe(false);
  });

  it('offers interrogations to the investigator and rights only to the custody inspector', () => {
    expect(mayIssue('investigator', 'StartInterrogation')).toBe(true);
    expect(mayIssue('duty_inspector', 'StartInterrogation')).toBe(false);
    expect(rolesFor('RecordRightsExplained')).toEqual(['custody_inspector']);
    expect(rolesFor('EraseEventPayload')).toEqual([]);
  });
});

describe('describeRefusal', () => {
  const dt: DutyT = (key, vars) => dutyTranslate('uk', key, vars);
  const t = (key: Parameters<typeof translate>[1]) => translate('uk', key);
  const problem = (status: number, code: string) =>
    new ApiError({ status, code, title: 'x', detail: 'server text' });

  it('maps a domain refusal code to the domain label in the interface language', () => {
    const text = describeRefusal(
      problem(422, 'juvenile_interrogation_without_defender'),
      'uk',
      dt,
      t,
    );
    expect(text).toMatch(/захисник/i);
    expect(text).not.toContain('server text');
    const english = describeRefusal(problem(422, 'not_delivered'), 'en', dt, t);
    expect(english).toMatch(/deliver/i);
  });

  it('maps the API conflict, 403 and 404 to sentences of the duty catalogue', () => {
    expect(describeRefusal(problem(409, 'version_conflict'), 'uk', dt, t)).toBe(
      dt('refusal.version_conflict'),
    );
    expect(describeRefusal(problem(403, 'csrf_or_other'), 'uk', dt, t)).toBe(
      dt('refusal.forbidden'),
    );
    expect(describeRefusal(problem(404, 'nope'), 'uk', dt, t)).toBe(dt('refusal.not_found'));
  });

  it('falls back to the app description for a network failure', () => {
    expect(describeRefusal(problem(0, 'network'), 'uk', dt, t)).toBe(t('app.networkError'));
  });
});

describe('record state from the timeline', () => {
  it('knows whether an interrogation is open', () => {
    expect(interrogationOpen([entry('InterrogationStarted')])).toBe(true);
    expect(interrogationOpen([entry('InterrogationStarted'), entry('InterrogationPaused')])).toBe(
      true,
    );
    expect(interrogationOpen([entry('InterrogationStarted'), entry('InterrogationEnded')])).toBe(
      false,
    );
    expect(interrogationOpen([])).toBe(false);
  });

  it('follows the interrogation through a pause and a resumption', () => {
    const started = entry('InterrogationStarted', { defenderPresent: true });
    const paused = entry('InterrogationPaused', { reason: 'обід' });
    const resumed = entry('InterrogationResumed', { defenderPresent: false });
    expect(interrogationStatus([])).toBe('none');
    expect(interrogationStatus([started])).toBe('running');
    expect(interrogationStatus([started, paused])).toBe('paused');
    expect(interrogationStatus([started, paused, resumed])).toBe('running');
    expect(interrogationStatus([started, paused, entry('InterrogationEnded')])).toBe('none');
    expect(interrogationStatus([paused])).toBe('none');
    expect(defenderWasPresent([started, paused])).toBe(true);
    expect(defenderWasPresent([started, paused, resumed, entry('InterrogationPaused')])).toBe(
      false,
    );
    expect(defenderWasPresent([])).toBe(false);
  });

  it('offers pause only while running and resume only while paused, to the investigator', async () => {
    const { availableActions } = await import('./components/quick-actions.tsx');
    const view = (...timeline: TimelineEntry[]) =>
      ({
        summary: { status: 'in_custody' },
        timeline,
      }) as unknown as Parameters<typeof availableActions>[0];
    const offered = (
      v: Parameters<typeof availableActions>[0],
      role: 'investigator' | 'duty_inspector' = 'investigator',
    ) =>
      availableActions(v, role)
        .map((a) => a.id)
        .filter((id) => id.startsWith('interrogation'));
    const started = entry('InterrogationStarted', { defenderPresent: false });
    const paused = entry('InterrogationPaused', {});
    expect(offered(view())).toEqual(['interrogationStart']);
    expect(offered(view(started))).toEqual(['interrogationPause', 'interrogationEnd']);
    expect(offered(view(started, paused))).toEqual(['interrogationResume', 'interrogationEnd']);
    expect(offered(view(started, paused, entry('InterrogationResumed', {})))).toEqual([
      'interrogationPause',
      'interrogationEnd',
    ]);
    expect(offered(view(started), 'duty_inspector')).toEqual([]);
  });

  it('lists contacts not yet ended and notification kinds made', () => {
    const a = entry('ContactStarted');
    const b = entry('ContactStarted');
    const timeline = [
      a,
      b,
      entry('ContactEnded', { contactEventId: a.eventId }),
      entry('NotificationMade', { kind: 'legal_aid_centre' }),
    ];
    expect(openContacts(timeline).map((e) => e.eventId)).toEqual([b.eventId]);
    expect([...notifiedKinds(timeline)]).toEqual(['legal_aid_centre']);
  });
});

describe('status colours', () => {
  it('maps the record and deadline states to the badges, over-detention for an overdue absolute limit', () => {
    expect(rowStatus('over_detention')).toBe('over-detention');
    expect(rowStatus('warning')).toBe('warning');
    expect(obligationStatus('overdue')).toBe('overdue');
    expect(obligationStatus('overdue', true)).toBe('over-detention');
    expect(obligationStatus('upcoming')).toBe('ok');
  });
});

describe('basisText', () => {
  it('cites each act the way its lawyers do', async () => {
    const { basisText } = await import('./components/deadline-list.tsx');
    expect(basisText({ act: 'КПК', article: '211', part: '2' })).toBe('КПК ст. 211 ч. 2');
    expect(basisText({ act: 'Конституція', article: '29' })).toBe('Конституція ст. 29');
    expect(basisText({ act: 'PACE', article: '40', part: '3' })).toBe('PACE s.40(3)');
    expect(basisText({ act: 'PACE Code C', article: '9.3' })).toBe('PACE Code C 9.3');
    expect(basisText({ act: 'CMU 1363', article: '' })).toBe('CMU 1363');
  });
});
