import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { translate } from '../../i18n/index.ts';
import { dutyTranslate, type DutyT } from './i18n/use-duty-t.ts';
import { describeRefusal } from './refusal.ts';
import { obligationStatus, rowStatus } from './status.ts';

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

describe('status colours', () => {
  it('maps the record and deadline states to the badges, over-detention for an overdue absolute limit', () => {
    expect(rowStatus('over_detention')).toBe('over-detention');
    expect(rowStatus('warning')).toBe('warning');
    expect(obligationStatus('overdue')).toBe('overdue');
    expect(obligationStatus('overdue', true)).toBe('over-detention');
    expect(obligationStatus('upcoming')).toBe('ok');
  });
});
