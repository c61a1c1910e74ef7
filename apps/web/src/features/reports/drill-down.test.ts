import { describe, expect, it } from 'vitest';
import type { Locale } from '../../i18n/index.ts';
import { translateOversight } from '../oversight/i18n/index.ts';
import { dutyTranslate } from '../record/i18n/use-duty-t.ts';
import { detailText, figureLabel } from './components/drill-down.tsx';

const words = (locale: Locale) => ({
  locale,
  timeZone: 'Europe/Kyiv',
  ot: translateOversight.bind(null, locale),
  dt: dutyTranslate.bind(null, locale),
});
const record = {
  recordId: '01a24b4f-1157-73a0-88e6-a139b078e497',
  personName: 'Іваненко Іван Іванович',
  custodyNumber: '126',
  t0: '2026-03-01T08:00:00.000Z',
};

describe('a drill-down finding in words, never a code, id or ISO instant', () => {
  it.each([
    ['CellCheckRecorded', 'Перевірка кімнати', 'Cell check'],
    ['detention_limit', 'Граничний строк тримання', 'Detention limit'],
    ['never', 'Не зроблено', 'Not made'],
    ['not_registered', 'Не зареєстровано', 'Not registered'],
  ])('%s', (detail, uk, en) => {
    expect(detailText(detail, record, words('uk'))).toBe(uk);
    expect(detailText(detail, record, words('en'))).toMatch(new RegExp(`^${en}`, 'i'));
  });

  it('an instant on the unit clock, and the detention time when there is no detail', () => {
    expect(detailText('2026-03-01T09:05:00.000Z', record, words('uk'))).toContain('11:05');
    const none = detailText(undefined, record, words('uk'));
    expect(none).toMatch(/^Фактичне затримання: .*10:00/);
    expect(none).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(detailText(record.t0, record, words('uk'))).toBe(none);
  });
});

describe("a part's figure in words, in both languages", () => {
  it.each([
    ['detentions', 'Затримання', 'Detentions'],
    ['limit72h.overdue', 'Граничний строк (72 год) · прострочено', 'overdue'],
    ['court60h.metLate', '(60 год) · виконано із запізненням', 'met late'],
    ['cellChecks.missed', 'Пропущені перевірки кімнат', 'Missed cell checks'],
    ['notification.legal_aid_centre.late', 'Запізнілі повідомлення', 'legal aid'],
    ['notification.relative.within1h', '30 хв – 1 год', 'elative'],
    ['lateEntries', 'Записи, внесені із запізненням', 'late'],
  ])('%s', (figure, uk, en) => {
    const [u, e] = (['uk', 'en'] as const).map((l) => {
      const w = words(l);
      return figureLabel(figure, w.ot, w.dt);
    });
    expect(u).toContain(uk);
    expect(e?.toLowerCase()).toContain(en.toLowerCase());
    for (const text of [u, e]) expect(text).not.toMatch(/[a-z]+\.[a-z]/i);
  });
});
