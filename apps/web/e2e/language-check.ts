import type { Page, Response } from 'playwright-core';

/**
 * The words of each language (issue 15, deliver 5), as the browser tests read a screen: a
 * Ukrainian screen shows no Latin-script legal citation and no ISO timestamp; an English screen
 * shows no Ukrainian (Cyrillic) text but the data people entered (names, grounds, places: every
 * Cyrillic word the server sent the page as data) and what is marked as Ukrainian (the УКР
 * button, lang="uk"). Neither shows an ISO date or a bare language code.
 */

export type Locale = 'uk' | 'en';

const LATIN_CITATION = /\b(?:CPC|CAO|PACE|CMU|Law No|Art\.|art\.)/;
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:/;
/** A date as the contracts carry it, shown as is ("1990-05-01"), and a bare language code. */
const ISO_DATE = /(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])/;
const LANGUAGE_CODE = /^(?:uk|en|pl|ka|ro|ru)$/;
const CYRILLIC_WORD = /[\p{Script=Cyrillic}][\p{Script=Cyrillic}ʼ’'-]*/gu;

/**
 * The lines of text a person sees in `scope` (the whole page by default): visible text nodes,
 * not inside an element of another language.
 */
export function visibleLines(page: Page, locale: Locale, scope = 'body'): Promise<string[]> {
  return page.evaluate(
    ([lang, selector]) => {
      const lines: string[] = [];
      const root = document.querySelector(selector);
      if (root === null) return lines;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
        const parent = node.parentElement;
        if (text === '' || parent === null) continue;
        if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
        if (parent.closest('script,style,noscript')) continue;
        const own = parent.closest('[lang]')?.getAttribute('lang') ?? lang;
        if (own.split('-')[0] !== lang) continue;
        lines.push(text);
      }
      return lines;
    },
    [locale, scope] as const,
  );
}

/**
 * The Cyrillic words of the data the server sent: every string of the JSON answers, except the
 * Ukrainian half of a bilingual text ({ uk, en }) and a problem's title and detail (those are
 * the interface's words, which an English screen must show in English).
 */
export function dataWords(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const w of value.match(CYRILLIC_WORD) ?? []) into.add(w.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) dataWords(v, into);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.includes('uk') && keys.includes('en')) {
      dataWords(o['en'], into);
      return;
    }
    for (const [k, v] of Object.entries(o)) {
      if (k === 'detail' || k === 'title') continue;
      dataWords(v, into);
    }
  }
}

/** The data a page was sent, gathered as its API answers arrive. */
export interface DataWords {
  readonly words: Set<string>;
  /** Waits until every answer seen so far has been read. */
  settled(): Promise<void>;
}

/** Reads every JSON answer of the API the page receives from now on into a set of data words. */
export function watchData(page: Page): DataWords {
  const words = new Set<string>();
  const reading: Promise<void>[] = [];
  page.on('response', (r: Response) => {
    const type = r.headers()['content-type'] ?? '';
    if (!r.url().includes('/api/v1/') || !type.includes('json')) return;
    reading.push(
      r.json().then(
        (json: unknown) => {
          dataWords(json, words);
        },
        () => undefined,
      ),
    );
  });
  return {
    words,
    settled: async () => {
      await Promise.all(reading);
    },
  };
}

export interface LanguageCheck {
  /** Where the lines were read, for the findings ("duty en /whiteboard"). */
  readonly where: string;
  readonly locale: Locale;
  /** Cyrillic words the server sent as data (an English screen may show them). */
  readonly data: ReadonlySet<string>;
  /**
   * Latin-script citations allowed on a Ukrainian screen: those of a record kept under the law
   * of England and Wales (PACE), which has no Ukrainian name.
   */
  readonly allowLatin?: RegExp;
}

/** What is wrong with the language of these lines, one finding per line. */
export function languageFindings(lines: readonly string[], check: LanguageCheck): string[] {
  const found: string[] = [];
  const { where, locale } = check;
  for (const line of lines) {
    if (ISO_TIMESTAMP.test(line)) found.push(`${where}: ISO timestamp in "${line}"`);
    if (ISO_DATE.test(line)) found.push(`${where}: ISO date in "${line}"`);
    if (LANGUAGE_CODE.test(line)) found.push(`${where}: a language code "${line}"`);
    if (locale === 'uk' && LATIN_CITATION.test(line)) {
      const rest = check.allowLatin ? line.replace(check.allowLatin, '') : line;
      if (LATIN_CITATION.test(rest)) found.push(`${where}: Latin-script citation in "${line}"`);
    }
    if (locale === 'en') {
      const foreign = (line.match(CYRILLIC_WORD) ?? []).filter(
        (w) => !check.data.has(w.toLowerCase()),
      );
      if (foreign.length > 0) {
        found.push(`${where}: Ukrainian "${foreign.join(' ')}" in "${line}"`);
      }
    }
  }
  return found;
}
