/**
 * The glossary of the product's words (issue 15 point 5): each term the screens and the
 * documents use for the same thing is defined once here, in Ukrainian and English, and the web
 * app's catalogues and the PDF labels take their words from it. `avoid` lists the words that were
 * used for the same thing before (or mean something else); a test scans every catalogue for them.
 */
export interface Term {
  /** The full Ukrainian term, lower case as it stands in a sentence. */
  readonly uk: string;
  readonly en: string;
  /** A short form for headings and buttons, when the full term is long. */
  readonly ukShort?: string;
  readonly enShort?: string;
  /** What the term names, once. */
  readonly means: string;
  /** Words not to use for this thing in the Ukrainian interface and documents. */
  readonly avoid?: readonly string[];
}

export const GLOSSARY = {
  record: {
    uk: 'картка затриманого',
    ukShort: 'картка',
    en: 'custody record',
    enShort: 'record',
    means:
      'everything recorded about one detention of one person, from actual detention to release (domain.md §1); "запис" is an entry of it',
  },
  entry: {
    uk: 'запис',
    en: 'entry',
    means: 'one signed line of a custody record (an event), numbered within its record',
  },
  logEntry: {
    uk: 'запис журналу',
    en: 'log entry',
    means:
      'an entry as the tamper-evident log numbers it (its log index, from 0, across every record); the integrity page counts these',
  },
  save: {
    uk: 'внести',
    en: 'record',
    means:
      'the button that records a form as an entry (not "записати", which reads as the noun "запис")',
  },
  saved: { uk: 'внесено', en: 'recorded', means: 'the confirmation that an entry was recorded' },
  custodyNumber: {
    uk: 'номер картки',
    en: 'custody number',
    means: 'the number the duty desk gives a record at registration',
  },
  room: {
    uk: 'кімната для затриманих',
    ukShort: 'кімната',
    en: 'cell',
    means:
      'the room of the unit a detainee is held in ("камера" is a body-worn or CCTV camera only)',
    avoid: ['Перевірка камери', 'перевірки камер', 'Камера тримання'],
  },
  cellCheck: {
    uk: 'перевірка кімнати',
    en: 'cell check',
    means:
      'a visit to a detainee in their room at the set interval, rousing them when at risk (PACE Code C 9.3, Annex H)',
  },
  bodycam: {
    uk: 'нагрудна камера',
    en: 'body-worn camera',
    means: 'the camera an officer wears; its number points at the footage of the detention',
  },
  legalAidCentre: {
    uk: 'центр з надання безоплатної правничої допомоги',
    ukShort: 'центр БПД',
    en: 'free legal aid centre',
    means:
      'the state free legal aid centre notified at once after actual detention (КПК ст. 213; постанова КМУ № 1363)',
    avoid: ['БВПД', 'вторинної правничої'],
  },
} as const satisfies Record<string, Term>;

export type TermName = keyof typeof GLOSSARY;

/** A term in the given language, short when asked and there is a short form. */
export function term(name: TermName, locale: 'uk' | 'en', short = false): string {
  const t: Term = GLOSSARY[name];
  if (short) return (locale === 'uk' ? t.ukShort : t.enShort) ?? t[locale];
  return t[locale];
}

/** The same with a capital first letter, for the start of a label or heading. */
export function capitalTerm(name: TermName, locale: 'uk' | 'en', short = false): string {
  const text = term(name, locale, short);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
