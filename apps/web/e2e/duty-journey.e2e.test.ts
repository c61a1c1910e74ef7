import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';
import {
  apiSession,
  choose,
  countTaps,
  nowMinute,
  openAction,
  recordIdOf,
  recordVersion,
  selectByText,
  submitDialog,
} from './duty.ts';

const NAME = 'Іваненко Іван Іванович';

describe.each(E2E_DIALECTS)('duty unit journey: detention to release (%s)', (dialect) => {
  let e2e: E2E;
  let recordId = '';
  beforeAll(async () => {
    e2e = await startE2E({ dialect });
    await e2e.user('detaining_officer', 'taras');
    await e2e.user('custody_inspector', 'maria');
    await e2e.user('duty_inspector', 'olena');
    await e2e.user('investigator', 'petro');
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('opens a record at actual detention on a 768 px tablet, then records the delivery', async () => {
    const page = await e2e.page();
    await page.setViewportSize({ width: 768, height: 1024 });
    await e2e.signIn(page, 'taras');
    const taps = await countTaps(page);
    const started = Date.now();
    await page.getByRole('link', { name: 'Нове затримання' }).click();
    await page.getByRole('heading', { name: 'Фактичне затримання' }).waitFor();
    await page.getByLabel('Прізвище, ім’я, по батькові').click();
    await page.keyboard.type(NAME);
    await page.getByLabel('Місце затримання').click();
    await page.keyboard.type('Київ, вул. Хрещатик, 22, біля входу до метро');
    await page.getByLabel('Підстави затримання — факти').click();
    await page.keyboard.type('Застигнутий під час крадіжки гаманця; потерпілий вказав на нього.');
    await page
      .getByRole('group', { name: 'Стать (щоб розміщувати окремо)' })
      .getByText('Чоловік')
      .click();
    await page.getByRole('button', { name: 'Відкрити картку' }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    console.log(
      `[measure] new detention (${dialect}): ${String(await taps())} taps, ${String(Date.now() - started)} ms (3 fields typed, sex chosen)`,
    );
    recordId = recordIdOf(page);
    await page.goBack();
    await page.getByRole('heading', { name: 'Фактичне затримання' }).waitFor();
    await page.locator('button[type="submit"]').click();
    // GOV.UK: the summary takes focus, names each field, and its link moves focus to the field.
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('error-summary');
    // In the form's order (GOV.UK): the sex question after the name, before the place.
    expect(
      (await summary.getByRole('link').allTextContents()).map((text) => text.split(':')[0]),
    ).toEqual([
      'Прізвище, ім’я, по батькові',
      'Стать (щоб розміщувати окремо)',
      'Місце затримання',
      'Підстави затримання — факти',
    ]);
    const link = summary.getByRole('link', { name: /^Прізвище, ім’я, по батькові/ });
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
      'fullName',
    );
    // The sex question (GOV.UK radios, required): its link moves focus to its first radio.
    await summary.getByRole('link', { name: /^Стать \(щоб розміщувати окремо\): / }).click();
    expect(
      await page.evaluate(() => {
        const el = document.activeElement;
        return [el?.getAttribute('name'), el?.getAttribute('type')];
      }),
    ).toEqual(['sex', 'radio']);
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-detention-errors');
    // The summary is worded at render: in English it reads in English.
    await page.getByRole('button', { name: 'ENG' }).click();
    await summary
      .getByRole('link', { name: 'Sex (to hold men and women apart): Required.' })
      .waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-detention-errors-en');
    await page.getByRole('button', { name: 'УКР' }).click();
    expect(await page.locator('.field-error').count()).toBeGreaterThan(0);
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await openAction(page, 'delivery');
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-delivery');
    await submitDialog(page);
    await page.locator('.timeline').getByText('Доставлення до підрозділу').waitFor();
    expect(await page.locator('.record-tags').textContent()).toContain('У підрозділі');
    e2e.assertClean(page);
    await page.close();
  });

  it('registers step by step: each primary button records what it shows, nothing pre-chosen', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'maria');
    await page.goto(`${e2e.baseUrl}/records/${recordId}/registration`);
    // The guide opens at the first step the record does not hold: registration, not delivery.
    await page.getByText('Крок 2 з 10').waitFor();
    const next = page.getByRole('button', { name: 'Внести і далі' });
    await next.click();
    const errors = page.locator('.error-summary');
    await errors.waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('error-summary');
    await errors.getByRole('link').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBeTruthy();
    await page.getByLabel('Номер картки').fill('KYIV-SHEV-2026-0001');
    await next.click();
    await page.getByText('Крок 3 з 10').waitFor();
    await next.click();
    await page.getByText('Крок 4 з 10').waitFor();
    await page.getByLabel('Мова роз’яснення').fill('українська');
    await next.click();
    await errors.waitFor();
    expect(await errors.textContent()).toContain('Пам’ятку про права вручено');
    await choose(page, 'Пам’ятку про права вручено', 'Так');
    await choose(page, 'Підпис затриманого', 'Затриманий підписав');
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-registration-rights');
    await next.click();
    await page.getByText('Крок 5 з 10').waitFor();

    const record = page.getByRole('button', { name: 'Внести повідомлення' });
    await page.getByLabel('Кого повідомлено').selectOption('legal_aid_centre');
    await page.getByLabel('Кому саме (ім’я, установа, номер)').fill('Київський місцевий центр');
    await page.getByLabel('Спосіб').selectOption('phone');
    await choose(page, 'Повідомив працівник замість затриманого (КПК ст. 213)', 'Ні');
    await record.click();
    await page.locator('.notify-done').first().waitFor();
    await page.getByLabel('Кого повідомлено').selectOption('relative');
    await page.getByLabel('Кому саме (ім’я, установа, номер)').fill('Дружина, +380 67 000 0000');
    await page.getByLabel('Спосіб').selectOption('phone');
    await choose(page, 'Повідомив працівник замість затриманого (КПК ст. 213)', 'Ні');
    await record.click();
    await expect.poll(() => page.locator('.notify-done').count()).toBe(2);
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-registration-notifications');
    await page.getByRole('button', { name: 'Далі', exact: true }).click();

    await page.getByText('Крок 6 з 10').waitFor();
    await choose(page, 'Що виявлено під час огляду', 'Тілесних ушкоджень не виявлено');
    await choose(page, 'Під час доставлення', 'Так');
    await next.click();
    await page.getByText('Крок 7 з 10').waitFor();
    await page.getByLabel('Речі — по одній на рядок').fill('Телефон Samsung, чорний\nКлючі × 3');
    await choose(page, 'Підпис затриманого', 'Затриманий підписав');
    await next.click();
    await page.getByText('Крок 8 з 10').waitFor();
    await choose(page, 'Є ризики (самоушкодження, стан здоров’я, сп’яніння)', 'Ні');
    await page.getByLabel('Висновок оцінки').fill('Ознак ризику не виявлено.');
    await next.click();
    await page.getByText('Крок 9 з 10').waitFor();
    await page.getByLabel('Рівень нагляду').selectOption('general');
    await next.click();
    await page.getByText('Крок 10 з 10').waitFor();
    await page.getByLabel('Куди').selectOption({ label: 'Камера 1' });
    await page.getByRole('button', { name: 'Внести і завершити' }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const timeline = page.locator('.timeline');
    for (const text of ['Роз’яснено права', 'Тілесні ушкодження', 'Переміщення']) {
      await timeline.getByText(text, { exact: false }).first().waitFor();
    }
    expect(await timeline.textContent()).toContain('Ушкоджень не виявлено');
    expect(await page.locator('.record-facts').textContent()).toContain('Камера 1');
    e2e.assertClean(page);
    await page.close();
  });

  it('records a cell check in two taps from the whiteboard row, live, and has a wall mode', async () => {
    const page = await e2e.page();
    await page.setViewportSize({ width: 768, height: 1024 });
    await e2e.signIn(page, 'olena');
    await page.getByRole('link', { name: 'Чергова дошка' }).click();
    const row = page.locator(`tr[data-record-id="${recordId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Камера 1');
    await page.getByText('Оновлюється наживо').waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-whiteboard');

    const other = await apiSession(e2e.baseUrl, 'maria');
    const moved = await other.post(`/records/${recordId}/commands/MoveDetainee`, {
      occurredAt: nowMinute(),
      expectedVersion: await recordVersion(other, recordId),
      payload: { to: { description: 'Кімната для побачень' }, purpose: 'Побачення', escort: [] },
    });
    expect(moved.status).toBe(201);
    await expect
      .poll(() => row.textContent(), { timeout: 10_000 })
      .toContain('Кімната для побачень');

    const taps = await countTaps(page);
    const started = Date.now();
    await row.getByRole('button', { name: `Перевірити: ${NAME}` }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByRole('button', { name: 'Спить, дихання рівне (не будили)' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Внесено: Перевірка кімнати').first().waitFor();
    const checkTaps = await taps();
    console.log(
      `[measure] cell check from the whiteboard (${dialect}): ${String(checkTaps)} taps, ${String(Date.now() - started)} ms`,
    );
    expect(checkTaps).toBeLessThanOrEqual(2);

    await row.getByRole('button', { name: `Харчування: ${NAME}` }).click();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-meal');
    await dialog.getByRole('button', { name: 'Основне: прийняв' }).click();
    await dialog.waitFor({ state: 'detached' });

    await row.locator('td').first().click();
    await page.keyboard.press('c');
    await dialog.getByRole('heading', { name: `Перевірка кімнати: ${NAME}` }).waitFor();
    await dialog.getByRole('button', { name: 'Схвильований, потребує уваги' }).click();
    await choose(dialog, 'Розбуджено, реакцію перевірено', 'Ні');
    await choose(dialog, 'Є підстави для занепокоєння', 'Так');
    await submitDialog(page);

    await page.getByRole('button', { name: 'На весь екран' }).click();
    await page.locator('.wb-wall').waitFor();
    expect(await page.locator('.wb-action').count()).toBe(0);
    await e2e.screenshots(page, 'duty-whiteboard-wall');
    await page.getByRole('button', { name: 'Вийти з повноекранного режиму' }).click();
    await page.locator('.wb-wall').waitFor({ state: 'detached' });

    await row.locator('td').first().click();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await expect
      .poll(() => page.locator('.timeline .entry-title', { hasText: 'Перевірка кімнати' }).count())
      .toBe(2);
    await page.locator('.timeline').getByText('Харчування').first().waitFor();
    e2e.assertClean(page);
    await page.close();
  });

  it('lets the investigator serve the suspicion notice and interrogate, but offers no cell check', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'petro');
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.locator('.record-actions').waitFor();
    expect(await page.locator('[data-action="cellCheck"]').count()).toBe(0);
    await openAction(page, 'suspicion');
    await page.getByLabel('Номер провадження').fill('12026100000000001');
    await page.getByLabel('Стаття').fill('ч. 2 ст. 185 КК України');
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-suspicion');
    await submitDialog(page);
    await page.locator('.timeline').getByText('Вручено повідомлення про підозру').waitFor();
    await openAction(page, 'interrogationStart');
    await choose(page.locator('dialog[open]'), 'Захисник присутній', 'Так');
    await page.locator('dialog[open]').getByLabel('Захисник (ім’я)').fill('Адвокат Коваль Н. М.');
    await page.locator('dialog[open]').getByLabel('Номер свідоцтва захисника').fill('КВ 004512');
    await submitDialog(page);
    await openAction(page, 'interrogationPause');
    await submitDialog(page);
    await expect.poll(() => page.locator('[data-action="interrogationPause"]').count()).toBe(0);
    await openAction(page, 'interrogationResume');
    await choose(page.locator('dialog[open]'), 'Захисник присутній', 'Так');
    await page.locator('dialog[open]').getByLabel('Захисник (ім’я)').fill('Адвокат Коваль Н. М.');
    await page.locator('dialog[open]').getByLabel('Номер свідоцтва захисника').fill('КВ 004512');
    await submitDialog(page);
    await openAction(page, 'interrogationEnd');
    await submitDialog(page);
    await page.locator('.timeline').getByText('Кінець допиту').waitFor();
    const investigator = await apiSession(e2e.baseUrl, 'petro');
    const refused = await investigator.post(`/records/${recordId}/commands/RecordCellCheck`, {
      occurredAt: nowMinute(),
      expectedVersion: await recordVersion(investigator, recordId),
      payload: { condition: 'Спить', roused: false, concern: false },
    });
    expect(refused.status).toBe(403);
    await e2e.screenshots(page, 'duty-record-investigator');
    e2e.assertClean(page);
    await page.close();
  });

  it('corrects an entry, then releases; the record closes and leaves the whiteboard', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'maria');
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const deadline = page.locator('.basis-button').first();
    expect(await deadline.getAttribute('title')).toMatch(/КПК|Конституція|CMU|PACE|політика/);
    await openAction(page, 'correction');
    const dialog = page.locator('dialog[open]');
    await selectByText(dialog.getByLabel('Який запис виправити'), 'Реєстрація');
    await selectByText(dialog.getByLabel('Що виправити'), 'Номер картки');
    await dialog.getByLabel('Правильне значення').fill('KYIV-SHEV-2026-0002');
    await dialog.getByLabel('Причина виправлення').fill('Помилка в номері.');
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-correction');
    await submitDialog(page);
    await page.locator('.timeline').getByText('Виправлення запису').first().waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-record');
    await openAction(page, 'release');
    await dialog.getByLabel('Підстава').selectOption('suspicion_not_confirmed');
    await dialog.getByLabel('Стаття закону').fill('КПК ст. 208 ч. 1');
    await choose(dialog, 'Речі', 'Повернуто');
    await choose(dialog, 'Копію картки вручено затриманому', 'Так');
    await e2e.screenshots(page, 'duty-release');
    await submitDialog(page);
    await page.locator('.record-tags').getByText('Звільнено').waitFor();
    expect(await page.locator('[data-action="release"]').count()).toBe(0);
    await page.getByRole('link', { name: 'Чергова дошка' }).click();
    await page.getByText('У підрозділі зараз немає затриманих.').waitFor();
    e2e.assertClean(page);
    await page.close();
  });
});
