import { detentionPayload } from '../../../packages/domain/src/test/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, type ApiSession } from './duty.ts';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';
import type { Page } from 'playwright-core';

/** The app's section menu (the home screen repeats its links). */
const nav = (page: Page) => page.getByRole('navigation', { name: 'Розділи' });

const minute = (offset: number): string =>
  `${new Date(Date.now() + offset * 60_000).toISOString().slice(0, 16)}:00Z`;

/** Opens a record through the API: detention, delivery, registration, injuries on arrival. */
async function seedRecord(api: ApiSession, unitId: string, fullName: string): Promise<string> {
  const { recordId: _omit, ...payload } = detentionPayload;
  const opened = await api.post('/records', {
    occurredAt: minute(-50),
    payload: {
      ...payload,
      person: { ...payload.person, fullName },
      bodycamRefs: [{ cameraId: 'bodycam-7', from: minute(-50), to: minute(-45) }],
    },
  });
  expect(opened.status, JSON.stringify(opened.json)).toBe(201);
  const recordId = (opened.json as { recordId: string }).recordId;
  const steps: [string, number, unknown][] = [
    ['RecordDelivery', -30, { unitId }],
    ['RegisterDetainee', -25, { custodyNumber: `K-${fullName.length}` }],
    [
      'RecordInjuries',
      -20,
      {
        injuries: [{ bodyRegion: 'left_arm', description: 'Садно 2 см', photoSha256: [] }],
        onArrival: true,
      },
    ],
  ];
  for (const [i, [type, at, body]] of steps.entries()) {
    const r = await api.post(`/records/${recordId}/commands/${type}`, {
      occurredAt: minute(at),
      expectedVersion: i + 1,
      payload: body,
    });
    expect(r.status, `${type}: ${JSON.stringify(r.json)}`).toBe(201);
  }
  return recordId;
}

describe.each(E2E_DIALECTS)(
  'oversight: monitor, lawyer, supervisor and the browser verifier (%s)',
  (dialect) => {
    let e2e: E2E;
    let recordId: string;
    let otherRecordId: string;
    beforeAll(async () => {
      e2e = await startE2E({ dialect });
      await e2e.user('custody_inspector', 'olena');
      await e2e.user('supervisor', 'sup');
      // A second supervisor signs in through the browser: a TOTP code is accepted once per account.
      await e2e.user('supervisor', 'sup.web');
      await e2e.user('monitor', 'mon');
      await e2e.user('lawyer', 'law');
      // Unit staff who may read the record but not its health entries (record.read_health).
      await e2e.user('investigator', 'inv');
      const inspector = await apiSession(e2e.baseUrl, 'olena');
      recordId = await seedRecord(inspector, e2e.seed.unitId, 'Петренко Петро Петрович');
      otherRecordId = await seedRecord(inspector, e2e.seed.unitId, 'Сидоренко Сидір Сидорович');
      const supervisor = await apiSession(e2e.baseUrl, 'sup', true);
      const window = { validFrom: minute(-5), validUntil: minute(24 * 60) };
      const monitor = await apiSession(e2e.baseUrl, 'mon');
      const lawyer = await apiSession(e2e.baseUrl, 'law');
      for (const [granteeId, scope] of [
        [monitor.userId, { kind: 'units', unitIds: [e2e.seed.unitId] }],
        [lawyer.userId, { kind: 'record', recordId }],
      ] as const) {
        const r = await supervisor.post('/grants', {
          granteeId,
          scope,
          ...window,
          purpose: 'Візит НПМ № 12',
        });
        expect(r.status, JSON.stringify(r.json)).toBe(201);
      }
      const refused = await monitor.get(`/records/${recordId}`);
      expect(refused.status).toBe(400);
    });
    afterAll(async () => {
      await e2e.close();
    });

    it('a monitor opens a record only after stating a reason, and verifies it in the browser', async () => {
      const page = await e2e.page();
      await e2e.signIn(page, 'mon');
      // A monitor sees what a grant names, not every unit: the header says so.
      expect(await page.locator('.brand-unit').textContent()).toContain('В межах наданого доступу');
      await nav(page).getByRole('link', { name: 'Картки (лише читання)' }).click();
      await page.getByRole('table').getByText('Петренко Петро Петрович').waitFor();
      await e2e.axe(page);
      await e2e.screenshots(page, 'oversight-list');

      await page.getByRole('link', { name: 'Відкрити картку: Петренко Петро Петрович' }).click();
      const dialog = page.getByRole('dialog', { name: 'Підстава доступу' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Відкрити' }).click();
      await dialog.getByText('Вкажіть підставу.').waitFor();
      expect(await page.getByRole('heading', { name: 'Хронологія' }).count()).toBe(0);
      await e2e.axe(page);

      await dialog.getByLabel('Підстава').fill('Моніторинговий візит НПМ № 12');
      await dialog.getByRole('button', { name: 'Відкрити' }).click();
      await page.getByRole('heading', { name: 'Хронологія' }).waitFor();
      await page.getByText('Підстава доступу: Моніторинговий візит НПМ № 12').waitFor();
      expect(await page.getByText('Приховано — немає згоди').count()).toBe(1);
      // Entries read as on the unit's own record page: labelled fields, no keys or internal ids.
      const content = (entry: string) =>
        page.getByRole('row').filter({ hasText: entry }).locator('td[data-label="Зміст"]');
      const registered = await content('Реєстрація черговою частиною').textContent();
      expect(registered).toContain('Номер картки');
      expect(registered).toContain('K-23');
      expect(registered).not.toContain('custodyNumber');
      const delivered = (await content('Доставлення до підрозділу').textContent()) ?? '';
      expect(delivered).not.toContain(e2e.seed.unitId);
      expect(delivered).not.toContain('unitId');
      const detained = (await content('Фактичне затримання').textContent()) ?? '';
      expect(detained).toContain('Записи нагрудних камер');
      expect(detained).not.toMatch(/bodycamRefs|detainingOfficers/);

      await page.getByRole('button', { name: 'Перевірити цю картку' }).click();
      const banner = page.locator('.verify-banner');
      await banner.waitFor().catch(async (e: unknown) => {
        throw new Error(
          `${String(e)}\n${(await page.locator('section.verify').textContent()) ?? ''}`,
        );
      });
      expect(await banner.textContent()).toContain('Усі записи перевірено');
      const statuses = await page.locator('.verify-status').allTextContents();
      expect(statuses).toHaveLength(4);
      expect(statuses.filter((s) => s.includes('Не підтверджено'))).toEqual([]);
      expect(statuses.filter((s) => s.includes('Приховано'))).toHaveLength(1);
      await e2e.axe(page);
      await e2e.screenshots(page, 'oversight-monitor-record');
      e2e.assertClean(page);
      await page.close();
    });

    it('a lawyer sees health entries withheld without consent', async () => {
      const page = await e2e.page();
      await e2e.signIn(page, 'law');
      await nav(page).getByRole('link', { name: 'Картки (лише читання)' }).click();
      await page.getByRole('link', { name: 'Відкрити картку: Петренко Петро Петрович' }).click();
      const dialog = page.getByRole('dialog', { name: 'Підстава доступу' });
      await dialog.getByLabel('Підстава').fill('Захист клієнта, договір № 7');
      await dialog.getByRole('button', { name: 'Відкрити' }).click();
      await page.getByRole('heading', { name: 'Хронологія' }).waitFor();
      // The entry is named neutrally: its kind ('Тілесні ушкодження') would tell of health too.
      const row = page.getByRole('row').filter({ hasText: 'Запис про здоров’я — приховано' });
      expect(await row.textContent()).toContain('Приховано — немає згоди');
      expect(await row.textContent()).not.toContain('Садно');
      expect(await page.locator('main').textContent()).not.toContain('Тілесні ушкодження');
      await page.getByRole('note').filter({ hasText: 'не давав згоди' }).waitFor();
      await e2e.axe(page);
      await e2e.screenshots(page, 'oversight-lawyer-record');
      e2e.assertClean(page);
      await page.close();
    });

    it('unit staff without health access read a neutral name for a health entry, in uk and en', async () => {
      const page = await e2e.page();
      await e2e.signIn(page, 'inv');
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.goto(`${e2e.baseUrl}/records/${recordId}`);
      const timeline = page.locator('ol.timeline');
      for (const [language, neutral, kind, withheld] of [
        ['uk', 'Запис про здоров’я — приховано', 'Тілесні ушкодження', 'Приховано: дані'],
        ['en', 'Health entry — withheld', 'Injuries recorded', 'Withheld: health data'],
      ] as const) {
        if (language === 'en') await page.getByRole('button', { name: 'ENG', exact: true }).click();
        const entry = timeline.locator('li.entry').filter({ hasText: neutral });
        await entry.waitFor();
        expect(await entry.locator('.entry-title').innerText()).toBe(neutral);
        expect(await entry.textContent()).toContain(withheld);
        expect(await page.locator('main').textContent()).not.toContain(kind);
        await e2e.axe(page);
        await e2e.screenshots(page, `oversight-investigator-record-${language}`);
      }
      e2e.assertClean(page);
      await page.close();
    });

    it('the supervisor dashboard shows figures and drills down to a record', async () => {
      const page = await e2e.page();
      await e2e.signIn(page, 'sup.web', { totp: true });
      await nav(page).getByRole('link', { name: 'Звіти' }).click();
      const tile = page.getByRole('button', { name: '2 Затримань' });
      await tile.waitFor();
      await page.getByRole('figure', { name: /затримання за днями/ }).waitFor();
      await e2e.axe(page);
      await e2e.screenshots(page, 'oversight-dashboard');

      await tile.click();
      const drill = page.locator('.drill-down');
      const person = drill.getByRole('link', { name: 'Петренко Петро Петрович' });
      await person.waitFor();
      expect(await drill.getByRole('link').count()).toBe(2);
      // People, not record ids; "Подробиці" names the occurrence (here when the person was detained).
      const drillText = (await drill.textContent()) ?? '';
      expect(drillText).toContain('Сидоренко Сидір Сидорович');
      expect(drillText).not.toContain(recordId);
      expect(drillText).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      expect(await drill.locator('tbody tr td:last-child').first().textContent()).toMatch(
        /^Фактичне затримання: \d{2}\.\d{2}/,
      );
      await e2e.axe(page);
      await e2e.screenshots(page, 'oversight-dashboard-drill');
      e2e.assertClean(page);
      await person.click();
      await page.waitForURL(`**/records/${recordId}`);
      await page.close();
    });

    it('the integrity screen shows the latest signed checkpoint and recent ones', async () => {
      const page = await e2e.page();
      await e2e.signIn(page, 'mon');
      await nav(page).getByRole('link', { name: 'Цілісність журналу' }).click();
      // The plain answer first: intact up to entry N, when it was checked, by which key.
      const status = page.getByTestId('log-intact');
      await status.waitFor();
      const statusText = (await status.textContent()) ?? '';
      expect(statusText).toMatch(/Журнал цілісний до запису № \d+/);
      expect(statusText).toMatch(/Перевірено \d{2}\.\d{2}\.\d{2}, \d{2}:\d{2} у вашому браузері/);
      expect(statusText).toContain('Підписано ключем журналу custody.e2e/log');
      const first = await page.locator('main section').first().getAttribute('class');
      expect(first).toContain('log-status');
      await page.getByRole('heading', { name: 'Остання контрольна точка' }).waitFor();
      const note = await page.locator('.note-text').textContent();
      expect(note).toMatch(/^custody\.e2e\/log\n\d+\n/);
      expect(note).toContain('\u2014 custody.e2e/log ');
      await page.getByRole('table', { name: /Останні контрольні точки/ }).waitFor();
      await e2e.axe(page);
      await e2e.screenshots(page, 'oversight-integrity');
      e2e.assertClean(page);
      await page.close();
    });

    it('a supervisor grants a lawyer one record from its page, by name; the lawyer then reads it', async () => {
      await e2e.user('supervisor', 'sup.rec');
      await e2e.user('lawyer', 'law2');
      const lawyer = await apiSession(e2e.baseUrl, 'law2');
      const read = () =>
        lawyer.get(`/records/${otherRecordId}?reason=${encodeURIComponent('Захист клієнта')}`);
      expect((await read()).status).toBe(404);

      const page = await e2e.page();
      await e2e.signIn(page, 'sup.rec', { totp: true });
      await page.goto(`${e2e.baseUrl}/records/${otherRecordId}`);
      const panel = page.getByRole('region', { name: 'Доступ захисника чи монітора' });
      await panel.getByRole('button', { name: 'Надати доступ до цієї картки' }).click();
      const dialog = page.getByRole('dialog', { name: 'Новий доступ' });
      await dialog.getByText('Картка — Сидоренко Сидір Сидорович').waitFor();
      await dialog.getByLabel('Кому').selectOption({ label: 'Law2 Тест — Захисник' });
      await dialog.getByLabel('Мета').fill('Захист за договором № 3');
      await e2e.axe(page);
      await e2e.screenshots(page, 'record-grant-form');
      await dialog.getByRole('button', { name: 'Створити' }).click();
      await page.getByRole('status').filter({ hasText: 'Доступ надано.' }).waitFor();
      // The grants screen names the record by its detainee and links to it.
      await nav(page).getByRole('link', { name: 'Доступ для моніторів і захисників' }).click();
      const granted = page.getByRole('row').filter({ hasText: 'Law2 Тест' });
      const link = granted.getByRole('link', { name: 'Сидоренко Сидір Сидорович' });
      expect(await link.getAttribute('href')).toBe(`/records/${otherRecordId}`);
      e2e.assertClean(page);
      await page.close();

      const opened = await read();
      expect(opened.status, JSON.stringify(opened.json)).toBe(200);
      expect((opened.json as { summary: { id: string } }).summary.id).toBe(otherRecordId);
      // The grant names that record only.
      expect((await lawyer.get(`/records/${recordId}?reason=x`)).status).toBe(404);
    });
  },
);
