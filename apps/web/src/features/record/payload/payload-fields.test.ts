import { describe, expect, it } from 'vitest';
import { fieldLabel, humaniseKey } from './field-labels.ts';
import { payloadFields } from './payload-fields.ts';

const uk = { locale: 'uk', timeZone: 'Europe/Kyiv', yes: 'Так', no: 'Ні' } as const;
const en = { locale: 'en', timeZone: 'Europe/London', yes: 'Yes', no: 'No' } as const;

describe('payloadFields', () => {
  it('labels known fields in the interface language and booleans as yes/no', () => {
    const payload = { condition: 'Спить', roused: false, juvenile: true };
    expect(payloadFields(payload, uk)).toEqual([
      { label: 'Стан', value: 'Спить' },
      { label: 'Розбуджено', value: 'Ні' },
      { label: 'Неповнолітній', value: 'Так' },
    ]);
    expect(payloadFields(payload, en).map((f) => f.label)).toEqual([
      'Condition',
      'Roused',
      'Juvenile',
    ]);
  });

  it('turns unknown camelCase keys into words', () => {
    expect(humaniseKey('writtenNoticeHandedOver')).toBe('Written notice handed over');
    expect(fieldLabel('flag_reason', 'uk')).toBe('Flag reason');
    expect(payloadFields({ bagSealIntact: true }, en)).toEqual([
      { label: 'Bag seal intact', value: 'Yes' },
    ]);
  });

  it('hides ids, uuid values and hashes', () => {
    const payload = {
      recordId: 'r-1',
      cellId: 'c1',
      id: 'x',
      officialRef: '0b0e5d0c-8d0a-4f7e-9d4f-3c2b1a000001',
      photoSha256: 'ab'.repeat(32),
      detainingOfficers: [{ id: 'u1' }, { id: 'u2' }],
      note: 'видно',
    };
    expect(payloadFields(payload, uk)).toEqual([{ label: 'Примітка', value: 'видно' }]);
  });

  it('reads a defender by name and certificate, without a path of labels', () => {
    const payload = {
      defenderPresent: true,
      defender: { name: 'Коваленко К. К.', certificateNumber: 'КВ 004512' },
    };
    expect(payloadFields(payload, uk)).toEqual([
      { label: 'Захисник присутній', value: 'Так' },
      { label: 'Захисник', value: 'Коваленко К. К.' },
      { label: 'Номер свідоцтва захисника', value: 'КВ 004512' },
    ]);
    expect(payloadFields(payload, en).map((f) => f.label)).toEqual([
      'Defender present',
      'Defender',
      'Defender’s certificate number',
    ]);
  });

  it('formats instants in the unit time zone', () => {
    const [kyiv] = payloadFields({ scheduledFor: '2026-03-01T10:05:00Z' }, uk);
    expect(kyiv?.value).toContain('12:05');
    const [london] = payloadFields({ scheduledFor: '2026-03-01T10:05:00Z' }, en);
    expect(london?.value).toContain('10:05');
  });

  it('names dates, languages and countries for the reader, never as codes', () => {
    const payload = { dateOfBirth: '1990-05-01', language: 'uk', nationality: 'PL' };
    expect(payloadFields(payload, uk).map((f) => f.value)).toEqual([
      '01.05.1990',
      'українська',
      'Польща',
    ]);
    expect(payloadFields(payload, en).map((f) => f.value)).toEqual([
      '01/05/1990',
      'Ukrainian',
      'Poland',
    ]);
    // Free text stays as written.
    expect(payloadFields({ language: 'польська' }, uk)[0]?.value).toBe('польська');
  });

  it('renders arrays as comma lists and nested objects with their parent label', () => {
    expect(payloadFields({ factors: ['alcohol', 'injury'] }, en)).toEqual([
      { label: 'Factors', value: 'alcohol, injury' },
    ]);
    const fields = payloadFields(
      {
        to: { cellId: 'c1', description: 'Камера 1' },
        bodycamRefs: [
          { cameraId: 'bc-7', from: '2026-03-01T10:00:00Z', to: '2026-03-01T10:05:00Z' },
        ],
      },
      uk,
    );
    expect(fields[0]).toEqual({ label: 'До', value: 'Камера 1' });
    expect(fields[1]?.label).toBe('Записи нагрудних камер');
    expect(fields[1]?.value).toMatch(/^Нагрудна камера: bc-7, З: .*12:00, До: .*12:05$/);
  });

  it('shows the body-worn camera number typed at detention, and the person without a path', () => {
    const fields = payloadFields(
      {
        person: { kind: 'identified', fullName: 'Іваненко Іван' },
        bodycamRefs: [{ cameraId: 'BC-0417' }],
      },
      {
        ...uk,
        valueLabel: (k, v) => (k === 'kind' && v === 'identified' ? 'Встановлена' : undefined),
      },
    );
    expect(fields).toEqual([
      { label: 'Особа', value: 'Встановлена' },
      { label: 'ПІБ', value: 'Іваненко Іван' },
      { label: 'Записи нагрудних камер', value: 'BC-0417' },
    ]);
    expect(JSON.stringify(fields)).not.toContain('›');
  });

  it('names enumerated values through valueLabel and shows one-field objects by their value', () => {
    const valueLabel = (key: string, value: string) =>
      key === 'kind' && value === 'relative' ? 'Родичі' : undefined;
    expect(
      payloadFields(
        {
          kind: 'relative',
          method: 'phone',
          detainingOfficers: [
            { id: 'u1', name: 'Павлюк С. О.' },
            { id: 'u2', name: 'Олійник П. В.' },
          ],
        },
        { ...uk, valueLabel },
      ),
    ).toEqual([
      { label: 'Вид', value: 'Родичі' },
      { label: 'Спосіб', value: 'phone' },
      { label: 'Затримали', value: 'Павлюк С. О., Олійник П. В.' },
    ]);
  });

  it('reads a nested object with one visible field as its parent, keeping several apart', () => {
    const fields = payloadFields(
      {
        madeBy: { id: 'u1', name: 'Марія Тест' },
        signature: { signed: false, reason: 'Відмовився' },
        place: { description: 'Київ' },
      },
      uk,
    );
    expect(fields).toEqual([
      { label: 'Хто повідомив', value: 'Марія Тест' },
      { label: 'Підпис › Підписано', value: 'Ні' },
      { label: 'Підпис › Причина', value: 'Відмовився' },
      { label: 'Місце', value: 'Київ' },
    ]);
    expect(payloadFields({ signature: { signed: true } }, uk)).toEqual([
      { label: 'Підпис', value: 'Так' },
    ]);
  });

  it('drops empty values and gives nothing for an empty payload', () => {
    expect(payloadFields({ note: '  ', items: [] }, uk)).toEqual([]);
    expect(payloadFields(null, uk)).toEqual([]);
  });
});
