import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey } from '@custody/ledger';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureBundle } from './extract-bundle.fixture.ts';
import { pdfText } from './pdf-text.test-kit.ts';
import { DocumentUnavailableError, renderDocument, type DocumentKind } from './render-document.ts';
import {
  SAMPLE_EVENTS,
  SAMPLE_PEOPLE,
  SAMPLE_RECORD_ID,
  SAMPLE_UNIT,
} from './sample-record.fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'custody-docs-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const key = generateSignerKey('custody.test');
const bundle = fixtureBundle(key.skey, new Set(['InjuriesRecorded']));

async function textOf(kind: DocumentKind, locale: 'uk' | 'en', events = SAMPLE_EVENTS) {
  const pdf = await renderDocument(kind, {
    recordId: SAMPLE_RECORD_ID,
    events,
    locale,
    unit: SAMPLE_UNIT,
    people: (id) => SAMPLE_PEOPLE[id],
    generatedAt: '2025-01-16T08:00:00Z',
    verification: bundle,
  });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const file = join(dir, `${kind}-${locale}.pdf`);
  writeFileSync(file, pdf);
  return pdfText(file);
}

const COMMON_UK = ['Шевченківське управління поліції', 'Картка № КР-0142/2025', 'Сторінка 1 з'];
const COMMON_EN = ['Record № КР-0142/2025', 'Page 1 of', 'Generated: 2025-01-16 10:00 (UTC+02:00)'];

const EXPECT: Record<DocumentKind, { uk: string[]; en: string[] }> = {
  detention_protocol: {
    uk: [
      'ПРОТОКОЛ ЗАТРИМАННЯ',
      'КПК ст. 208 ч. 5',
      'Шевчук Андрій Олегович',
      '15.01.2025 10:40 (UTC+02:00)',
      'ПЗ-0142',
    ],
    en: [
      'RECORD OF DETENTION',
      'art. 208(5)',
      'Шевчук Андрій Олегович',
      '2025-01-15 10:40 (UTC+02:00)',
    ],
  },
  administrative_detention_protocol: {
    uk: ['ПРОТОКОЛ ПРО АДМІНІСТРАТИВНЕ ЗАТРИМАННЯ', 'КУпАП ст. 261', 'не більше трьох годин'],
    en: ['RECORD OF ADMINISTRATIVE DETENTION', 'art. 261', 'three hours'],
  },
  rights_notice: {
    uk: ['ПАМ’ЯТКА ПРО ПРАВА', 'Мовчати', 'безоплатної правничої допомоги', '72 годин'],
    en: ['ПАМ’ЯТКА ПРО ПРАВА', 'Мовчати'],
  },
  notification_log: {
    uk: [
      'ЖУРНАЛ ПОВІДОМЛЕНЬ',
      'Центр БПД',
      'БПД-77812',
      '15.01.2025 11:15 (UTC+02:00)',
      'через 35 хв',
    ],
    en: [
      'LOG OF NOTIFICATIONS',
      'Free legal aid centre',
      '2025-01-15 11:15 (UTC+02:00)',
      '35 min after',
    ],
  },
  property_receipt: {
    uk: ['РОЗПИСКА ПРО ВИЛУЧЕНІ РЕЧІ', 'Мобільний телефон Samsung', 'П-004471', 'підписано'],
    en: ['RECEIPT FOR PROPERTY', 'Мобільний телефон Samsung', 'П-004471', 'signed'],
  },
  medical_referral: {
    uk: ['НАПРАВЛЕННЯ НА МЕДИЧНИЙ ОГЛЯД', 'МО-112', 'Садно 3 см'],
    en: ['REFERRAL FOR MEDICAL EXAMINATION', 'МО-112', 'Садно 3 см'],
  },
  intoxication_referral: {
    uk: ['СТАНУ СП’ЯНІННЯ', 'НЗ-311', 'Запах алкоголю'],
    en: ['EXAMINATION FOR INTOXICATION', 'НЗ-311', 'Запах алкоголю'],
  },
  record_extract: {
    uk: [
      'ВИТЯГ ІЗ ЗАПИСУ',
      'Записи (16)',
      'Фактичне затримання',
      'пізній запис',
      'Перевірка цілісності',
      'custody verify-extract',
      bundle.entries[0]!.leafHash,
      'custody.test/log',
    ],
    en: [
      'EXTRACT OF THE CUSTODY RECORD',
      'Entries (16)',
      'Actual detention',
      'late entry',
      'Integrity verification',
      'custody verify-extract',
      bundle.entries[15]!.leafHash,
    ],
  },
};

describe('renderDocument', () => {
  for (const [kind, words] of Object.entries(EXPECT) as [
    DocumentKind,
    { uk: string[]; en: string[] },
  ][]) {
    it.each(['uk', 'en'] as const)(`${kind} in %s carries its text`, async (locale) => {
      const text = await textOf(kind, locale);
      const shown = kind === 'rights_notice' ? 'uk' : locale; // the detainee speaks Ukrainian
      for (const w of [...(shown === 'uk' ? COMMON_UK : COMMON_EN), ...words[locale]]) {
        expect(text).toContain(w);
      }
    });
  }

  it('writes the rights notice in English for an English-speaking detainee', async () => {
    const events = structuredClone(SAMPLE_EVENTS);
    (events[0]!.payload as { language: string }).language = 'en';
    const text = await textOf('rights_notice', 'uk', events);
    expect(text).toContain('WRITTEN NOTICE OF THE RIGHTS');
    expect(text).toContain('To remain silent');
  });

  it('prints an entry made on a tablet with its tablet time, offset, corrected and receive times', async () => {
    const first = SAMPLE_EVENTS[0]!;
    const at = (ms: number) => new Date(Date.parse(first.occurredAt) + ms).toISOString();
    const stamp = {
      deviceId: 'd1',
      seq: 1,
      deviceTime: at(20 * 60_000),
      offsetMs: -20 * 60_000,
      correctedTime: at(0),
      receivedAt: at(2 * 3600_000),
      chain: 'ok' as const,
    };
    const pdf = await renderDocument('record_extract', {
      recordId: SAMPLE_RECORD_ID,
      events: SAMPLE_EVENTS,
      locale: 'en',
      unit: SAMPLE_UNIT,
      people: (id) => SAMPLE_PEOPLE[id],
      generatedAt: '2025-01-16T08:00:00Z',
      device: new Map([[first.id, { stamp, late: false }]]),
    });
    const file = join(dir, 'record_extract-device.pdf');
    writeFileSync(file, pdf);
    const text = pdfText(file);
    expect(text).toContain('made on a tablet without signal: tablet time');
    expect(text).toContain('offset −20 min 0 s');
  });

  it('prints the checkpoint verbatim and withholds nothing the events carry', async () => {
    const text = await textOf('record_extract', 'en');
    const rootLine = bundle.checkpoint.split('\n')[2]!;
    expect(text).toContain(rootLine);
    expect(text).toContain(bundle.vkeys[0]!);
  });

  it.each([
    ['uk', 'Підписане засвідчення витягу', 'що витяг закінчується там, де закінчувався запис'],
    ['en', 'Signed extract statement', 'the extract ends where the record ended'],
  ] as const)(
    'prints the signed extract statement verbatim in %s',
    async (locale, label, limit) => {
      const text = await textOf('record_extract', locale);
      const statement = text.slice(text.indexOf(`${label}:`));
      for (const line of bundle.statement
        .trimEnd()
        .split('\n')
        .filter((l) => l !== '')) {
        expect(statement.replace(/\s/g, '')).toContain(line.replace(/\s/g, ''));
      }
      expect(text).toContain(limit);
    },
  );

  it.each(['uk', 'en'] as const)(
    'prints the extract entries in words in %s: no payload keys, enum values or user ids',
    async (locale) => {
      const text = await textOf('record_extract', locale);
      const entries = text.split(
        locale === 'uk' ? 'Перевірка цілісності' : 'Integrity verification',
      )[0];
      expect(entries?.match(/\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+_[a-z_]+\b/g) ?? []).toEqual([]);
      expect(entries).not.toMatch(/insp-1|duty-1|off-1/);
      const words =
        locale === 'uk'
          ? ['Відповідальна особа: Мельник Олена', 'Речовина: алкоголь', 'Частина тіла: ліва рука']
          : ['Responsible official: Мельник Олена', 'Substance: alcohol', 'Body region: left arm'];
      for (const w of words) expect(entries).toContain(w);
    },
  );

  it('marks an erased payload instead of printing it', async () => {
    const events = SAMPLE_EVENTS.map((e, i) => (i === 7 ? { ...e, payload: null } : e));
    const text = await textOf('record_extract', 'uk', events);
    expect(text).toContain('Зміст приховано');
    expect(text).not.toContain('Садно 3 см');
  });

  it('flags a missing legal aid notice', async () => {
    const events = SAMPLE_EVENTS.filter((e) => e.id !== 'evt-006');
    expect(await textOf('notification_log', 'uk', events)).toContain('НЕ ЗАФІКСОВАНО');
  });

  it('refuses a referral the record never made', async () => {
    const events = SAMPLE_EVENTS.filter((e) => e.type !== 'MedicalExaminationReferred');
    await expect(textOf('medical_referral', 'uk', events)).rejects.toBeInstanceOf(
      DocumentUnavailableError,
    );
  });
});
