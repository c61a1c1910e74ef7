import { describe, expect, it } from 'vitest';
import { OpenRecordRequest } from '@custody/contracts';
import {
  detentionErrors,
  emptyDetention,
  toOpenRequest,
  type DetentionForm,
} from './detention-form.ts';

const KYIV = 'Europe/Kyiv';

const filled: DetentionForm = {
  ...emptyDetention('2026-03-01T09:05', 'Петренко'),
  fullName: 'Іваненко Іван Іванович',
  place: 'Київ, вул. Хрещатик, 1',
  grounds: 'Застигнутий під час вчинення крадіжки з магазину (КПК ст. 208 ч. 1 п. 1).',
  sex: 'male',
};

describe('detention form', () => {
  it('builds a request the API contract accepts, with the time to the minute', () => {
    const request = toOpenRequest(filled, KYIV);
    expect(OpenRecordRequest.safeParse(request).success).toBe(true);
    expect(request.occurredAt).toMatch(/:00Z$/);
    expect(request.payload.detainingOfficers).toEqual([{ name: 'Петренко' }]);
    expect(request.payload.person).toMatchObject({ kind: 'identified', fullName: filled.fullName });
    expect(detentionErrors(filled, KYIV)).toEqual({});
  });

  it('names the missing required fields inline (domain schema)', () => {
    const errors = detentionErrors(
      {
        ...filled,
        fullName: ' ',
        place: '',
        grounds: '',
        officers: '',
      },
      KYIV,
    );
    expect(errors).toMatchObject({
      fullName: 'form.required',
      place: 'form.required',
      grounds: 'form.required',
      officers: 'form.required',
    });
    expect(detentionErrors({ ...filled, when: '' }, KYIV)).toEqual({ when: 'form.required' });
  });

  it('asks the sex of every new detention and sends it (men/women placement, domain.md §4)', () => {
    expect(detentionErrors({ ...filled, sex: '' }, KYIV)).toEqual({ sex: 'form.required' });
    expect(toOpenRequest(filled, KYIV).payload.sex).toBe('male');
    expect(toOpenRequest({ ...filled, sex: 'female' }, KYIV).payload.sex).toBe('female');
  });

  it('records an unidentified person by description and sends nationality only for a foreigner', () => {
    const unidentified = { ...filled, personKind: 'unidentified' as const, fullName: '' };
    expect(detentionErrors(unidentified, KYIV)).toEqual({ description: 'form.required' });
    const ok = toOpenRequest(
      { ...unidentified, description: 'Чоловік ~30 р., темна куртка' },
      KYIV,
    );
    expect(ok.payload.person).toEqual({
      kind: 'unidentified',
      description: 'Чоловік ~30 р., темна куртка',
    });
    expect(
      toOpenRequest({ ...filled, nationality: 'PL' }, KYIV).payload.nationality,
    ).toBeUndefined();
    expect(
      toOpenRequest({ ...filled, foreigner: true, nationality: 'PL' }, KYIV).payload.nationality,
    ).toBe('PL');
  });

  it('reads the time of detention on the clock of the unit, not the device', () => {
    // 09:05 in Kyiv on 1 March (winter, UTC+2) whatever zone the tablet is set to.
    expect(toOpenRequest(filled, KYIV).occurredAt).toBe('2026-03-01T07:05:00Z');
    expect(toOpenRequest(filled, 'America/New_York').occurredAt).toBe('2026-03-01T14:05:00Z');
    expect(toOpenRequest({ ...filled, when: '2026-07-01T09:05' }, KYIV).occurredAt).toBe(
      '2026-07-01T06:05:00Z',
    );
    // A wall time that cannot be read is missing, not silently taken in another zone.
    expect(detentionErrors({ ...filled, when: '2026-02-30T09:05' }, KYIV)).toEqual({
      when: 'form.required',
    });
  });
});
