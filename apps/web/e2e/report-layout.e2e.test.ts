import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';

/**
 * The compliance report laid out for reading (issue 18 follow-up), as HQ sees every unit of the
 * demo, whose names are long ("Шевченківське управління поліції ГУНП у м. Києві"), at 768 and
 * 1920 px, in Ukrainian and in English: the unit names under the bars of "Entries recorded late"
 * do not overlap each other or the bars, and in the drill-down the detained person's name and
 * the custody number beside it keep a gap.
 */

const KYIV = 'Шевченківське управління поліції ГУНП у м. Києві';
/** The demo's units, whose late entries HQ sees (the harness's two short-named units besides). */
const DEMO_UNITS = [
  KYIV,
  'Галицьке відділення поліції ГУНП у Львівській області',
  'Київське відділення поліції ГУНП у Харківській області',
];
/** A walk: one sign-in, two languages, two widths, axe and screenshots. */
const WALK_MS = 180_000;
const WIDTHS = [768, 1920] as const;
const TITLE = { uk: 'Записи, внесені із запізненням', en: 'Entries recorded late' } as const;
const LATE_TILE = { uk: /^\d+ Запізнілих записів$/, en: /^\d+ Late entries$/ } as const;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function boxes(list: Locator): Promise<Box[]> {
  const out: Box[] = [];
  for (const item of await list.all()) {
    const box = await item.boundingBox();
    if (box !== null && box.width > 0) out.push(box);
  }
  return out;
}

/** Whitespace aside (Recharts writes a wrapped name's lines as tspans without a space between). */
const squeezed = (text: string): string => text.replace(/\s+/g, '');

/**
 * What is wrong with the unit names of the late entries chart (its axes' labels: Recharts 3
 * draws them in `.recharts-cartesian-axis-tick-labels`): a unit not named (a label left out, or
 * cut so short it is no name's beginning), labels that overlap each other or a bar, a label
 * out of the chart.
 */
async function axisFindings(
  page: Page,
  title: string,
  units: readonly string[],
): Promise<string[]> {
  const card = page.locator('section.chart-card', {
    has: page.getByRole('heading', { name: title }),
  });
  const chart = card.locator('.recharts-wrapper svg').first();
  await chart.waitFor();
  const svg = await chart.boundingBox();
  const labels: { text: string; box: Box }[] = [];
  for (const label of await card.locator('.recharts-cartesian-axis-tick-labels text').all()) {
    const box = await label.boundingBox();
    if (box !== null && box.width > 0)
      labels.push({ text: (await label.textContent()) ?? '', box });
  }
  const bars = await boxes(card.locator('.recharts-bar-rectangle path'));
  const found: string[] = [];
  for (const unit of units) {
    const named = labels.some(({ text }) => {
      const shown = squeezed(text);
      return shown.endsWith('…')
        ? shown.length > 10 && squeezed(unit).startsWith(shown.slice(0, -1))
        : shown === squeezed(unit);
    });
    if (!named) found.push(`no label names "${unit}"`);
  }
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) {
      if (intersects(a.box, b.box)) found.push(`"${a.text}" overlaps "${b.text}"`);
    }
    if (bars.some((bar) => intersects(a.box, bar))) found.push(`"${a.text}" overlaps a bar`);
    if (svg && (a.box.x < svg.x - 0.5 || a.box.x + a.box.width > svg.x + svg.width + 0.5)) {
      found.push(`"${a.text}" runs out of the chart`);
    }
  }
  return found;
}

/** Rows of the drill-down whose name link and custody number are closer than 4 px. */
async function chipFindings(page: Page): Promise<string[]> {
  const cells = page.locator(
    '.drill-down tbody tr td:first-child, .drill-down tbody tr th:first-child',
  );
  const found: string[] = [];
  let measured = 0;
  for (const cell of (await cells.all()).slice(0, 20)) {
    const link = await cell.locator('a').boundingBox();
    const chip = await cell.locator('.tag').boundingBox();
    if (link === null || chip === null) continue;
    measured++;
    const sameLine = chip.y < link.y + link.height && link.y < chip.y + chip.height;
    const gap = sameLine ? chip.x - (link.x + link.width) : chip.y - (link.y + link.height);
    if (gap < 4)
      found.push(`${(await cell.innerText()).replace(/\s+/g, ' ')}: gap ${gap.toFixed(1)} px`);
  }
  if (measured === 0) found.push('no row with a name and a custody number');
  return found;
}

describe.each(E2E_DIALECTS)('the compliance report laid out (%s)', (dialect) => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E({ dialect, demo: { closed: 12 } });
  });
  afterAll(async () => {
    await e2e.close();
  });

  /**
   * Signs `username` in and reads the report's late entries chart and their drill-down at each
   * width in each language: what is wrong, one line per finding. The chart and the first rows of
   * the drill-down are photographed at each width besides the whole page (report-layout-*).
   */
  async function walk(username: string, units: readonly string[]): Promise<string[]> {
    const page = await e2e.page();
    await e2e.signIn(page, username, { demo: true, totp: true });
    await page.goto(`${e2e.baseUrl}/reports`);
    const found: string[] = [];
    for (const locale of ['uk', 'en'] as const) {
      if (locale === 'en') await page.getByRole('button', { name: 'ENG' }).click();
      await page.getByRole('heading', { name: TITLE[locale], exact: true }).waitFor();
      await page.getByRole('button', { name: LATE_TILE[locale] }).click();
      await page.locator('.drill-down tbody tr').first().waitFor();
      const card = page.locator('section.chart-card', {
        has: page.getByRole('heading', { name: TITLE[locale] }),
      });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 768 ? 1024 : 1080 });
        // Recharts measures its container after a resize.
        await page.waitForTimeout(300);
        const where = `${locale} ${String(width)} px`;
        found.push(
          ...(await axisFindings(page, TITLE[locale], units)).map((f) => `${where}: ${f}`),
        );
        found.push(...(await chipFindings(page)).map((f) => `${where}: ${f}`));
        const name = `report-layout-${username}-${locale}-${String(width)}`;
        await card.screenshot({ path: `${e2e.shotDir}/${name}-chart.png` });
        await page
          .locator('.drill-down tbody tr')
          .first()
          .screenshot({ path: `${e2e.shotDir}/${name}-drill.png` });
      }
      // The full name stays readable where the axis shortens it: in its title (a tooltip).
      const titles = await card
        .locator('.recharts-cartesian-axis-tick-labels title')
        .allTextContents();
      for (const unit of units) {
        if (!titles.includes(unit)) found.push(`${locale}: no title names "${unit}" in full`);
      }
      await e2e.axe(page);
      await e2e.screenshots(page, `report-layout-${username}-${locale}`);
    }
    e2e.assertClean(page);
    await page.close();
    return found;
  }

  it(
    'HQ, every unit: long unit names readable in the late entries chart; name and custody number apart',
    async () => {
      expect(await walk('hq', DEMO_UNITS)).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'a supervisor, one unit: the same',
    async () => {
      expect(await walk('supervisor', [KYIV])).toEqual([]);
    },
    WALK_MS,
  );
});
