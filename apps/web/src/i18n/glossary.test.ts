import { GLOSSARY, type Term } from '@custody/domain';
import { describe, expect, it } from 'vitest';
import { oversightEn } from '../features/oversight/i18n/en.ts';
import { oversightUk } from '../features/oversight/i18n/uk.ts';
import { actionsEn } from '../features/record/i18n/actions.en.ts';
import { actionsUk } from '../features/record/i18n/actions.uk.ts';
import { dutyEn } from '../features/record/i18n/duty.en.ts';
import { dutyUk } from '../features/record/i18n/duty.uk.ts';
import { labelsEn } from '../features/record/i18n/labels.en.ts';
import { labelsUk } from '../features/record/i18n/labels.uk.ts';
import { en } from './en.ts';
import { uk } from './uk.ts';

const UK: Record<string, string> = { ...uk, ...dutyUk, ...labelsUk, ...actionsUk, ...oversightUk };
const EN: Record<string, string> = { ...en, ...dutyEn, ...labelsEn, ...actionsEn, ...oversightEn };
const terms: [string, Term][] = Object.entries(GLOSSARY);

describe('the web app speaks the glossary (packages/domain/src/glossary.ts)', () => {
  it.each(terms)('no Ukrainian message uses a word the glossary avoids for "%s"', (_, t) => {
    for (const word of t.avoid ?? []) {
      const uses = Object.entries(UK).filter(([, text]) => text.includes(word));
      expect(uses, word).toEqual([]);
    }
  });

  it('names the same things with the glossary words on every screen', () => {
    expect(UK['wb.col.cell']).toBe('Кімната');
    expect(UK['obligation.cell_check']).toBe('Перевірка кімнати');
    expect(UK['notification.legal_aid_centre']).toBe(
      'Центр з надання безоплатної правничої допомоги',
    );
    expect(UK['common.save']).toBe('Внести');
    expect(EN['common.save']).toBe('Record');
  });

  it('has no Ukrainian word left in an English message (untranslated interface text)', () => {
    const cyrillic = Object.entries(EN).filter(
      // A citation of a Ukrainian act keeps its own name (КПК, КУпАП), as courts write it.
      ([key, text]) =>
        !key.startsWith('lang.uk') && /[\u0400-\u04ff]/.test(text.replace(/КПК|КУпАП/g, '')),
    );
    expect(cyrillic).toEqual([]);
  });
});
