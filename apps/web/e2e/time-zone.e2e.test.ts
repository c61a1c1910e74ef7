import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, choose, recordCommand, recordIdOf, type ApiSession } from './duty.ts';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';
import { clock, wallInput, zonedPage } from './zoned.ts';

/**
 * Times on the unit's clock, not the device's (domain.md §3), on the screens beyond the record page
 * and the whiteboard: the detention form on a tablet, a step of the guided registration, the
 * monitor's read-only list and record, the supervisor's dashboard and grants, and (for a user
 * without a unit, on the default zone) API tokens and checkpoints. The unit is moved to a zone
 * that is neither the browser's nor the app's default (Europe/Kyiv), so a screen that fell back
 * to either would show the wrong clock.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const BROWSER_ZONE = 'America/New_York';
const UNIT_ZONE = 'Asia/Tokyo';
const DEFAULT_ZONE = 'Europe/Kyiv';
const NAME = 'Мельник Андрій Степанович';
const COURT = 'Шевченківський районний суд м. Києва';

const floorMinute = (ms: number): number => Math.floor(ms / MIN) * MIN;
const iso = (ms: number): string => `${new Date(floorMinute(ms)).toISOString().slice(0, 16)}:00Z`;

/** Every `datetime-local` value "now" may have had on a zone's clock between two moments. */
function wallValuesBetween(from: number, to: number, timeZone: string): string[] {
  const values: string[] = [];
  for (let t = floorMinute(from); t <= to; t += MIN) values.push(wallInput(t, timeZone));
  return values;
}

/** The hour of an instant on three clocks must differ, or a check of it would prove nothing. */
function distinctClocks(at: string | number): void {
  const shown = [UNIT_ZONE, BROWSER_ZONE, DEFAULT_ZONE].map((z) => clock(at, z));
  expect(new Set(shown).size).toBe(3);
}

interface RecordJson {
  summary: { version: number; t0: string };
  obligations: { id: string; dueAt: string | null; status: string }[];
  timeline: { type: string; occurredAt: string }[];
}

/** The hint of a form field that names the unit's zone, once the unit list has answered. */
async function zoneHint(page: Page): Promise<string> {
  const hint = page.locator('.field-hint').filter({ hasText: UNIT_ZONE });
  await hint.waitFor();
  return (await hint.textContent()) ?? '';
}

describe.each(E2E_DIALECTS)('times on the unit clock in a browser elsewhere (%s)', (dialect) => {
  let e2e: E2E;
  let maria: ApiSession;
  let taras: ApiSession;
  let recordId = '';
  const at = { t0: '', registered: '', hearing: '' };

  async function record(): Promise<RecordJson> {
    const { status, json } = await maria.get(`/records/${recordId}`);
    if (status !== 200) throw new Error(`record ${recordId}: ${status}`);
    return json as RecordJson;
  }

  function command(as: ApiSession, type: string, occurredAt: string, payload: unknown) {
    return recordCommand(maria, as, recordId, { type, occurredAt, payload });
  }

  beforeAll(async () => {
    e2e = await startE2E({ dialect });
    await e2e.user('detaining_officer', 'taras');
    await e2e.user('custody_inspector', 'maria');
    await e2e.user('admin', 'adm');
    await e2e.user('supervisor', 'sup');
    // A second supervisor signs in through the browser: a TOTP code is accepted once per account.
    await e2e.user('supervisor', 'sup.web');
    await e2e.user('monitor', 'mon');
    const admin = await apiSession(e2e.baseUrl, 'adm', true);
    const moved = await admin.call('PATCH', `/units/${e2e.seed.unitId}`, { timeZone: UNIT_ZONE });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    maria = await apiSession(e2e.baseUrl, 'maria');
    taras = await apiSession(e2e.baseUrl, 'taras');
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('puts the unit in a zone that is neither the browser zone nor the default', async () => {
    const units = (await taras.get('/units')).json as { id: string; timeZone: string }[];
    expect(units.find((u) => u.id === e2e.seed.unitId)?.timeZone).toBe(UNIT_ZONE);
  });

  it('detention form: now on the unit clock, the zone named, the typed time read there', async () => {
    const { page, errors } = await zonedPage(e2e, BROWSER_ZONE);
    await page.setViewportSize({ width: 768, height: 1024 });
    await e2e.signIn(page, 'taras');
    const opened = Date.now();
    await page.getByRole('link', { name: 'Нове затримання' }).click();
    await page.getByRole('heading', { name: 'Фактичне затримання' }).waitFor();
    const hint = await zoneHint(page);
    expect(hint).toContain('вашого підрозділу');
    const when = page.getByLabel('Дата і час фактичного затримання');
    // Prefilled with now on the unit's clock, after the unit's zone arrived.
    expect(wallValuesBetween(opened, Date.now(), UNIT_ZONE)).toContain(await when.inputValue());
    const tapped = Date.now();
    await page.getByRole('button', { name: 'Зараз', exact: true }).click();
    expect(wallValuesBetween(tapped, Date.now(), UNIT_ZONE)).toContain(await when.inputValue());

    // The officer states the time of detention on the unit's clock: two hours ago there.
    const t0 = floorMinute(Date.now() - 2 * HOUR);
    distinctClocks(t0);
    await when.fill(wallInput(t0, UNIT_ZONE));
    await page.getByLabel('Прізвище, ім’я, по батькові').fill(NAME);
    await page.getByLabel('Місце затримання').fill('Київ, вул. Саксаганського, 40');
    await page
      .getByLabel('Підстави затримання — факти')
      .fill('Застигнутий під час пошкодження автомобіля; свідок вказав на нього.');
    await choose(page, 'Стать (щоб розміщувати окремо)', 'Чоловік');
    await e2e.axe(page);
    await e2e.screenshots(page, 'tz-detention');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.getByRole('button', { name: 'Відкрити картку' }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    recordId = recordIdOf(page);
    at.t0 = iso(t0);
    expect((await record()).summary.t0).toBe(at.t0);
    const detained = page.locator('.record-facts dd').first();
    expect(await detained.textContent()).toContain(clock(at.t0, UNIT_ZONE));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('registration: a step states its time on the unit clock and records that instant', async () => {
    await command(taras, 'RecordDelivery', iso(Date.parse(at.t0) + 20 * MIN), {
      unitId: e2e.seed.unitId,
    });
    const { page, errors } = await zonedPage(e2e, BROWSER_ZONE);
    await e2e.signIn(page, 'maria');
    const opened = Date.now();
    await page.goto(`${e2e.baseUrl}/records/${recordId}/registration`);
    // Delivery is recorded: the guide opens at registration, step 2.
    await page.getByText('Крок 2 з 10').waitFor();
    const hint = await zoneHint(page);
    expect(hint).toContain('Час підрозділу');
    const when = page.locator('input[name="occurredAt"]');
    expect(wallValuesBetween(opened, Date.now(), UNIT_ZONE)).toContain(await when.inputValue());

    const registered = floorMinute(Date.now() - HOUR);
    distinctClocks(registered);
    await when.fill(wallInput(registered, UNIT_ZONE));
    await page.getByLabel('Номер картки').fill('TOKYO-2026-0001');
    await e2e.axe(page);
    await e2e.screenshots(page, 'tz-registration-identity');
    await page.getByRole('button', { name: 'Внести і далі' }).click();
    await page.getByText('Крок 3 з 10').waitFor();
    at.registered = iso(registered);
    const entry = (await record()).timeline.find((e) => e.type === 'DetaineeRegistered');
    expect(entry?.occurredAt).toBe(at.registered);
    // The next step starts again from now on the unit's clock.
    const next = Date.now();
    expect(wallValuesBetween(next - 2 * MIN, Date.now(), UNIT_ZONE)).toContain(
      await page.locator('input[name="occurredAt"]').inputValue(),
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('oversight: the list and the read-only record show every time on the unit clock', async () => {
    const hearing = floorMinute(Date.now() + 30 * HOUR);
    distinctClocks(hearing);
    at.hearing = iso(hearing);
    await command(taras, 'ScheduleCourtHearing', iso(Date.now() - 30 * MIN), {
      court: COURT,
      scheduledFor: at.hearing,
    });
    const supervisor = await apiSession(e2e.baseUrl, 'sup', true);
    const monitor = await apiSession(e2e.baseUrl, 'mon');
    const me = (await monitor.get('/session')).json as { user: { id: string } };
    const grant = await supervisor.call('POST', '/grants', {
      granteeId: me.user.id,
      scope: { kind: 'units', unitIds: [e2e.seed.unitId] },
      validFrom: iso(Date.now() - 5 * MIN),
      validUntil: iso(Date.now() + DAY),
      purpose: 'Візит НПМ № 14',
    });
    expect(grant.status, JSON.stringify(grant.json)).toBe(201);

    const { page, errors } = await zonedPage(e2e, BROWSER_ZONE);
    await e2e.signIn(page, 'mon');
    await page
      .getByRole('navigation', { name: 'Розділи' })
      .getByRole('link', { name: 'Картки (лише читання)' })
      .click();
    await page.locator('.record-zone').filter({ hasText: UNIT_ZONE }).waitFor();
    const row = page.getByRole('row').filter({ hasText: NAME });
    const listed = await row.locator('td[data-label="Фактичне затримання"]').textContent();
    expect(listed).toContain(clock(at.t0, UNIT_ZONE));
    expect(listed).not.toContain(clock(at.t0, BROWSER_ZONE));
    await e2e.axe(page);
    await e2e.screenshots(page, 'tz-oversight-list');

    await page.getByRole('link', { name: `Відкрити картку: ${NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Підстава доступу' });
    await dialog.getByLabel('Підстава').fill('Моніторинговий візит НПМ № 14');
    await dialog.getByRole('button', { name: 'Відкрити' }).click();
    await page.getByRole('heading', { name: 'Хронологія' }).waitFor();
    await page.locator('.oversight-record .record-zone').filter({ hasText: UNIT_ZONE }).waitFor();

    const detained = await page.locator('.oversight-record .facts dd').nth(2).textContent();
    expect(detained).toContain(clock(at.t0, UNIT_ZONE));
    expect(detained).not.toContain(clock(at.t0, BROWSER_ZONE));

    const registration = page.getByRole('row').filter({ hasText: 'TOKYO-2026-0001' });
    const occurred = await registration.locator('td[data-label="Час події"]').textContent();
    expect(occurred).toContain(clock(at.registered, UNIT_ZONE));
    expect(occurred).not.toContain(clock(at.registered, BROWSER_ZONE));

    // A time inside an entry (the hearing's date) is on the unit's clock too, not a UTC string.
    const court = await page
      .getByRole('row')
      .filter({ hasText: COURT })
      .locator('td[data-label="Зміст"]')
      .textContent();
    expect(court).toContain(clock(at.hearing, UNIT_ZONE));
    expect(court).not.toContain(at.hearing);
    expect(court).not.toContain(clock(at.hearing, BROWSER_ZONE));

    const { obligations } = await record();
    const due = obligations.find((o) => o.dueAt !== null && o.status !== 'not_applicable');
    if (!due?.dueAt) throw new Error('no deadline with a due time');
    const dues = await page
      .getByRole('region', { name: 'Строки та їх правові підстави' })
      .locator('td[data-label="Строк"]')
      .allTextContents();
    expect(dues.some((d) => d.includes(clock(due.dueAt ?? '', UNIT_ZONE)))).toBe(true);
    await e2e.axe(page);
    await e2e.screenshots(page, 'tz-oversight-record');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('dashboard: the period is whole days on the unit clock and says so', async () => {
    const { page, errors } = await zonedPage(e2e, BROWSER_ZONE);
    // A supervisor lands on the reports: its first request already asks for the period.
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/reports/compliance'), {
      timeout: 30_000,
    });
    await e2e.signIn(page, 'sup.web', { totp: true });
    await page.waitForURL('**/reports');
    const query = new URL((await asked).url()).searchParams;
    // Tokyo has no summer time: its day begins at 15:00 UTC the day before.
    const today = wallInput(Date.now(), UNIT_ZONE).slice(0, 10);
    const dayBefore = (date: string, n: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);
    expect(query.get('to')).toBe(`${today}T15:00:00Z`);
    expect(query.get('from')).toBe(`${dayBefore(today, 30)}T15:00:00Z`);
    expect(await page.getByLabel('По (включно)').inputValue()).toBe(today);
    await page.locator('.report-zone').filter({ hasText: UNIT_ZONE }).waitFor();
    await page.getByRole('button', { name: '1 Затримань' }).waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'tz-dashboard');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('grants: a lawyer chosen by name, the window read and shown on the unit clock', async () => {
    await e2e.user('supervisor', 'sup.grants');
    await e2e.user('lawyer', 'law');
    const { page, errors } = await zonedPage(e2e, BROWSER_ZONE);
    await e2e.signIn(page, 'sup.grants', { totp: true });
    await page
      .getByRole('navigation', { name: 'Розділи' })
      .getByRole('link', { name: 'Доступ для моніторів і захисників' })
      .click();
    const opened = Date.now();
    await page.getByRole('button', { name: 'Новий доступ' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новий доступ' });
    // The window starts now on the unit's clock (the unit list may answer after the first render).
    await expect
      .poll(async () =>
        wallValuesBetween(opened - 2 * MIN, Date.now(), UNIT_ZONE).includes(
          await dialog.getByLabel('Діє з').inputValue(),
        ),
      )
      .toBe(true);
    await dialog.getByLabel('Кому').selectOption({ label: 'Law Тест — Захисник' });
    await dialog.getByLabel(`KYIV-SHEV — ${e2e.seed.unitName}`).check();
    const from = floorMinute(Date.now() + 2 * HOUR);
    const until = from + 6 * HOUR;
    distinctClocks(from);
    distinctClocks(until);
    await dialog.getByLabel('Діє з').fill(wallInput(from, UNIT_ZONE));
    await dialog.getByLabel('Діє до').fill(wallInput(until, UNIT_ZONE));
    await dialog.getByLabel('Мета').fill('Захист у кримінальному провадженні');
    await e2e.axe(page);
    await e2e.screenshots(page, 'tz-grant-form');
    const sent = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/grants'),
    );
    await dialog.getByRole('button', { name: 'Створити' }).click();
    const body = (await sent).postDataJSON() as { validFrom: string; validUntil: string };
    expect(body.validFrom).toBe(iso(from));
    expect(body.validUntil).toBe(iso(until));

    const row = page.getByRole('row').filter({ hasText: 'Law Тест' });
    const shownFrom = await row.locator('td[data-label="Діє з"]').textContent();
    expect(shownFrom).toContain(clock(from, UNIT_ZONE));
    expect(shownFrom).not.toContain(clock(from, BROWSER_ZONE));
    const shownUntil = await row.locator('td[data-label="Діє до"]').textContent();
    expect(shownUntil).toContain(clock(until, UNIT_ZONE));
    expect(await row.locator('td[data-label="Надав"]').textContent()).toBe('Sup.grants Тест');
    expect(await row.locator('td[data-label="Стан"]').textContent()).toBe('Ще не почався');
    await e2e.axe(page);
    await e2e.screenshots(page, 'tz-grants');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  // An administrator holds no custody permission, so the form offers only the scopes the token
  // ceiling lets them issue (metrics, integrity), and the token it sends is one the server issues.
  it('administration (no unit): tokens and checkpoints on the default clock, not the device', async () => {
    await e2e.user('admin', 'adm.web');
    const { page, errors } = await zonedPage(e2e, BROWSER_ZONE);
    await e2e.signIn(page, 'adm.web', { totp: true });
    await page.goto(`${e2e.baseUrl}/admin/tokens`);
    await page.getByRole('button', { name: 'Новий токен' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новий токен' });
    await dialog.getByLabel('Назва').fill('Звітність області');
    const scopes = dialog.getByRole('group', { name: 'Дозволи' }).getByRole('checkbox');
    await expect.poll(() => scopes.count()).toBe(2);
    expect(
      await scopes.evaluateAll((boxes) =>
        boxes.map(
          (b) => `${b.parentElement?.textContent ?? ''}:${String((b as HTMLInputElement).checked)}`,
        ),
      ),
    ).toEqual(['Метрики:true', 'Перевірка цілісності:false']);
    await dialog.getByRole('checkbox', { name: 'Перевірка цілісності' }).check();
    const day = wallInput(Date.now() + 30 * DAY, DEFAULT_ZONE).slice(0, 10);
    await dialog.getByLabel('Діє до').fill(day);
    await dialog.locator('.field-hint').filter({ hasText: DEFAULT_ZONE }).waitFor();
    const sent = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/api-tokens'),
    );
    await dialog.getByRole('button', { name: 'Створити' }).click();
    const request = await sent;
    const { expiresAt, scopes: asked } = request.postDataJSON() as {
      expiresAt: string;
      scopes: string[];
    };
    expect(asked).toEqual(['metrics', 'integrity:read']);
    expect((await request.response())?.status()).toBe(201);
    // The end of the chosen day on the default clock, whatever the device's zone.
    expect(wallInput(Date.parse(expiresAt), DEFAULT_ZONE)).toBe(`${day}T23:59`);
    await page.getByRole('button', { name: 'Закрити' }).click();
    const expiry = await page
      .getByRole('row')
      .filter({ hasText: 'Звітність області' })
      .locator('td[data-label="Діє до"]')
      .textContent();
    expect(expiry).toContain('23:59');
    await e2e.axe(page);
    await e2e.screenshots(page, 'tz-admin-tokens');

    const listed = await page.request.get(`${e2e.baseUrl}/api/v1/integrity/checkpoints?limit=1`);
    const newest = ((await listed.json()) as { items: { createdAt: string }[] }).items[0];
    if (!newest) throw new Error('no checkpoint yet');
    distinctClocks(newest.createdAt);
    await page.getByRole('link', { name: 'Ключ і контрольні точки' }).click();
    const made = await page
      .getByRole('table', { name: 'Останні контрольні точки, найновіші першими' })
      .locator('tbody tr')
      .first()
      .locator('td[data-label="Підписано"]')
      .textContent();
    expect(made).toContain(clock(newest.createdAt, DEFAULT_ZONE));
    expect(made).not.toContain(clock(newest.createdAt, BROWSER_ZONE));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
