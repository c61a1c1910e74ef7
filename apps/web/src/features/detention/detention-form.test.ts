import { describe, expect, it } from 'vitest';
import { OpenRecordRequest } from '@custody/contracts';
import {
  detentionErrors,
  emptyDetention,
  toOpenRequest,
  type DetentionForm,
} from './detention-form.ts';

const filled: DetentionForm = {
  ...emptyDetention('2026-03-01T09:05', 'Петренко'),
  fullName: 'Іваненко Іван Іванович',
  place: 'Київ, вул. Хрещатик, 1',
  grounds: 'Застигнутий під час вчинення крадіжки з магазину (КПК ст. 208 ч. 1 п. 1).',
};

describe('detention form', () => {
  it('builds a request the API contract accepts, with the time to the minute', () => {
    const request = toOpenRequest(filled);
    expect(OpenRecordRequest.safeParse(request).success).toBe(true);
    expect(request.occurredAt).toMatch(/:00Z$/);
    expect(request.payload.detainingOfficers).toEqual([{ name: 'Петренко' }]);
    expect(request.payload.person).toMatchObject({ kind: 'identified', fullName: filled.fullName });
    expect(detentionErrors(filled)).toEqual({});
  });

  it('names the missing required fields inline (domain schema)', () => {
    const errors = detentionErrors({
      ...filled,
      fullName: ' ',
      place: '',
      grounds: '',
      officers: '',
    });
    expect(errors).toMatchObject({
      fullName: 'form.required',
      place: 'form.required',
      grounds: 'form.required',
      officers: 'form.required',
    });
    expect(detentionErrors({ ...filled, when: '' })).toEqual({ when: 'form.required' });
  });

  it('records an unidentified person by description and sends nationality only for a foreigner', () => {
    const unidentified = { ...filled, personKind: 'unidentified' as const, fullName: '' };
    expect(detentionErrors(unidentified)).toEqual({ description: 'form.required' });
    const ok = toOpenRequest({ ...unidentified, description: 'Чоловік ~30 р., темна куртка' });
    expect(ok.payload.person).toEqual({
      kind: 'unidentified',
      description: 'Чоловік ~30 р., темна куртка',
    });
    expect(toOpenRequest({ ...filled, nationality: 'PL' }).payload.nationality).toBeUndefined();
    expect(
      toOpenRequest({ ...filled, foreigner: true, nationality: 'PL' }).payload.nationality,
    ).toBe('PL');
  });
});
