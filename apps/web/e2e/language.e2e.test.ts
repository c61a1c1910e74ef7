import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';

/**
 * The words of each language (issue 15, deliver 5): on the demo, every main screen of every role
 * is read in Ukrainian and in English. A Ukrainian screen shows no Latin-script legal citation and
 * no ISO timestamp; an English screen shows no Ukrainian (Cyrillic) text but the data people
 * entered (names, grounds, places: every Cyrillic word the server sent the page as data) and
 * what is marked as Ukrainian (the УКР button, lang="uk").
 */

const LATIN_CITATION = /\b(?:CPC|CAO|PACE|CMU|Law No|Art\.|art\.)/;
/** Each walk signs in once, reads its screens in two languages, runs axe and photographs them. */
const WALK_MS = 180_000;
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:/;
/** A date as the contracts carry it, shown as is ("1990-05-01"), and a bare language code. */
const ISO_DATE = /(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])/;
const LANGUAGE_CODE = /^(?:uk|en|pl|ka|ro|ru)$/;
const CYRILLIC_WORD = /[\p{Script=Cyrillic}][\p{Script=Cyrillic}ʼ’'-]*/gu;

type Locale = 'uk' | 'en';

/** The reason a monitor gives for reading a record, typed in the screen's language. */
const REASON: Record<Locale, string> = {
  uk: 'Моніторинговий візит НПМ № 12',
  en: 'NPM monitoring visit 12',
};

/** The lines of text a person sees: visible text nodes, not inside an element of another language. */
function visibleLines(page: Page, locale: Locale): Promise<string[]> {
  return page.evaluate((lang) => {
    const lines: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
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
  }, locale);
}

/**
 * The Cyrillic words of the data the server sent: every string of the JSON answers, except the
 * Ukrainian half of a bilingual text ({ uk, en }) and a problem's title and detail (those are
 * the interface's words, which an English screen must show in English).
 */
function dataWords(value: unknown, into: Set<string>): void {
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

/** A file name for a path: "/records/<id>/registration" → "records-record-registration". */
function shotName(path: string): string {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => (/^[0-9a-f-]{36}$/.test(p) ? 'record' : p));
  return parts.join('-') || 'home';
}

/** Waits until the screen has its heading and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await expect.poll(() => page.locator('.loading').count(), { timeout: 10_000 }).toBe(0);
  await page.waitForTimeout(250);
}

describe.each(E2E_DIALECTS)('every main screen in its own language (%s)', (dialect) => {
  let e2e: E2E;
  let ids: Readonly<Record<string, string>> = {};

  beforeAll(async () => {
    e2e = await startE2E({ dialect, demo: { closed: 12 } });
    ids = e2e.demo?.activeRecords ?? {};
  });
  afterAll(async () => {
    await e2e.close();
  });

  /**
   * Signs `username` in (once: a TOTP code is accepted once per account) and reads each path in
   * Ukrainian, then switches to English with the header's button and reads each again. Returns
   * what is wrong, one line per finding.
   */
  async function walk(
    username: string,
    paths: readonly string[],
    options: { totp?: boolean } = {},
  ): Promise<string[]> {
    const page = await e2e.page();
    const data = new Set<string>();
    const reading: Promise<void>[] = [];
    page.on('response', (r: Response) => {
      const type = r.headers()['content-type'] ?? '';
      if (!r.url().includes('/api/v1/') || !type.includes('json')) return;
      reading.push(
        r.json().then(
          (json: unknown) => {
            dataWords(json, data);
          },
          () => undefined,
        ),
      );
    });
    const found: string[] = [];
    await e2e.signIn(page, username, { demo: true, ...options });
    for (const locale of ['uk', 'en'] as const) {
      if (locale === 'en') await page.getByRole('button', { name: 'ENG' }).click();
      for (const path of paths) {
        await page.goto(`${e2e.baseUrl}${path}`);
        const where = `${username} ${locale} ${path}`;
        if (path.startsWith('/oversight/')) {
          // Each read of a record is logged with its reason, asked first.
          const dialog = page.getByRole('dialog');
          await dialog.getByRole('textbox').fill(REASON[locale]);
          await dialog.locator('button[type="submit"]').click();
        }
        try {
          await settled(page);
        } catch (error) {
          const shown = (await page.locator('body').innerText()).slice(0, 400);
          throw new Error(
            `${where}: the screen did not settle (${String(error)}); it shows:\n${shown}`,
          );
        }
        // The whiteboard is live over SSE for every role that reads it (issue 15: it showed
        // "connection lost" to monitors and HQ).
        if (path === '/whiteboard') await page.locator('.wb-live-live').waitFor();
        await Promise.all(reading);
        // Each screen of each role, in each language, is also clean for axe at 768 and 1920 px
        // and photographed at both (SCREENSHOT_DIR, walk-<role>-<locale>-<screen>-<width>.png).
        await page.setViewportSize({ width: 768, height: 1024 });
        await e2e.axe(page);
        await page.setViewportSize({ width: 1920, height: 1080 });
        await e2e.axe(page);
        await e2e.screenshots(page, `walk-${username}-${locale}-${shotName(path)}`);
        for (const line of await visibleLines(page, locale)) {
          if (ISO_TIMESTAMP.test(line)) found.push(`${where}: ISO timestamp in "${line}"`);
          if (ISO_DATE.test(line)) found.push(`${where}: ISO date in "${line}"`);
          if (LANGUAGE_CODE.test(line)) found.push(`${where}: a language code "${line}"`);
          if (locale === 'uk' && LATIN_CITATION.test(line)) {
            found.push(`${where}: Latin-script citation in "${line}"`);
          }
          if (locale === 'en') {
            const foreign = (line.match(CYRILLIC_WORD) ?? []).filter(
              (w) => !data.has(w.toLowerCase()),
            );
            if (foreign.length > 0) {
              found.push(`${where}: Ukrainian "${foreign.join(' ')}" in "${line}"`);
            }
          }
        }
      }
    }
    e2e.assertClean(page);
    await page.close();
    return found;
  }

  it('the demo is seeded: its active records are there to read', () => {
    expect(Object.keys(ids).length).toBeGreaterThanOrEqual(15);
  });

  it(
    'duty inspector: whiteboard, a record, its registration, a new detention',
    async () => {
      const record = ids['near-72h'] ?? '';
      const found = await walk('duty', [
        '/whiteboard',
        `/records/${record}`,
        `/records/${ids['foreigner'] ?? ''}/registration`,
        '/records/new',
      ]);
      expect(found).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'investigator: the unit records',
    async () => {
      expect(await walk('investigator', ['/'])).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'supervisor: reports, integrity, grants',
    async () => {
      expect(
        await walk('supervisor', ['/reports', '/integrity', '/grants'], { totp: true }),
      ).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'monitor: the visit list, a record read-only, the whiteboard',
    async () => {
      const found = await walk('monitor', [
        '/oversight',
        `/oversight/${ids['near-72h'] ?? ''}`,
        '/whiteboard',
      ]);
      expect(found).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'HQ: reports and whiteboard',
    async () => {
      expect(await walk('hq', ['/reports', '/whiteboard'], { totp: true })).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'lawyer: the records granted to them (none in the demo) and integrity',
    async () => {
      expect(await walk('lawyer', ['/oversight', '/integrity'])).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'administrator: every administration tab',
    async () => {
      const tabs = ['', '/units', '/rooms', '/tokens', '/integrity'].map((t) => `/admin${t}`);
      expect(await walk('admin', tabs, { totp: true })).toEqual([]);
    },
    WALK_MS,
  );
});
