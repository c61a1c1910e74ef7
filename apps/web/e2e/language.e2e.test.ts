import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';
import { languageFindings, visibleLines, watchData, type Locale } from './language-check.ts';

/**
 * The words of each language (issue 15, deliver 5): on the demo, every main screen of every role
 * is read in Ukrainian and in English. A Ukrainian screen shows no Latin-script legal citation and
 * no ISO timestamp; an English screen shows no Ukrainian (Cyrillic) text but the data people
 * entered (names, grounds, places: every Cyrillic word the server sent the page as data) and
 * what is marked as Ukrainian (the УКР button, lang="uk").
 */

/** Each walk signs in once, reads its screens in two languages, runs axe and photographs them. */
const WALK_MS = 180_000;

/** The reason a monitor gives for reading a record, typed in the screen's language. */
const REASON: Record<Locale, string> = {
  uk: 'Моніторинговий візит НПМ № 12',
  en: 'NPM monitoring visit 12',
};

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
    const data = watchData(page);
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
        if (path === '/whiteboard') {
          await page.locator('.wb-live-live').waitFor();
          // The keyboard's hint names C only to those offered a cell check on the rows (issue
          // 15: monitors saw "C — перевірка кімнати").
          const hint = await page.locator('.wb-keys').innerText();
          const offered = await page.locator('.wb-action[data-action="cellCheck"]').count();
          expect(/(?:^|, )C /.test(hint), `${where}: the hint "${hint}"`).toBe(offered > 0);
        }
        await data.settled();
        // Each screen of each role, in each language, is also clean for axe at 768 and 1920 px
        // and photographed at both (SCREENSHOT_DIR, walk-<role>-<locale>-<screen>-<width>.png).
        await page.setViewportSize({ width: 768, height: 1024 });
        await e2e.axe(page);
        await page.setViewportSize({ width: 1920, height: 1080 });
        await e2e.axe(page);
        await e2e.screenshots(page, `walk-${username}-${locale}-${shotName(path)}`);
        found.push(
          ...languageFindings(await visibleLines(page, locale), {
            where,
            locale,
            data: data.words,
          }),
        );
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
    'custody inspector: whiteboard, a record, its registration, a new detention',
    async () => {
      const found = await walk('inspector', [
        '/whiteboard',
        `/records/${ids['near-72h'] ?? ''}`,
        `/records/${ids['foreigner'] ?? ''}/registration`,
        '/records/new',
      ]);
      expect(found).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'medical staff: the unit records, the whiteboard, a record',
    async () => {
      const found = await walk('medic', ['/', '/whiteboard', `/records/${ids['near-72h'] ?? ''}`]);
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
    'supervisor: reports, integrity, grants, the unit policy, the tablets',
    async () => {
      expect(
        await walk('supervisor', ['/reports', '/integrity', '/grants', '/policy', '/devices'], {
          totp: true,
        }),
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
