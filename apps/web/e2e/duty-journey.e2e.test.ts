import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';
import { apiSession, nowMinute, recordIdOf, recordVersion, submitDialog } from './duty.ts';

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
    await page.getByRole('link', { name: 'Нове затримання' }).click();
    await page.getByRole('heading', { name: 'Фактичне затримання' }).waitFor();
    await page.locator('button[type="submit"]').click();
    await page.getByRole('alert').first().waitFor();
    expect(await page.locator('.field-error').count()).toBeGreaterThanOrEqual(3);
    await page.getByLabel('Прізвище, ім’я, по батькові').fill(NAME);
    await page.getByLabel('Місце затримання').fill('Київ, вул. Хрещатик, 22, біля входу до метро');
    await page
      .getByLabel('Підстави затримання — факти')
      .fill('Застигнутий під час крадіжки гаманця у пасажира; потерпілий вказав на нього.');
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-detention');
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.getByRole('button', { name: 'Відкрити запис' }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    recordId = recordIdOf(page);
    await page.getByRole('button', { name: 'Доставлення', exact: true }).click();
    await submitDialog(page);
    await page.locator('.timeline').getByText('Доставлення до підрозділу').waitFor();
    expect(await page.locator('.record-tags').textContent()).toContain('У підрозділі');
    e2e.assertClean(page);
    await page.close();
  });

  it('registers through the guided flow, with the draft surviving a reload', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'maria');
    await page.goto(`${e2e.baseUrl}/records/${recordId}/registration`);
    await page.getByText('Крок 1 з 8').waitFor();
    await page.getByText('Цей крок уже записано.').waitFor();
    await page.getByRole('button', { name: 'Далі', exact: true }).click();
    await page.getByText('Крок 2 з 8').waitFor();
    await page.getByRole('button', { name: 'Записати і далі' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.getByLabel('Номер запису').fill('KYIV-SHEV-2026-0001');
    await page.getByRole('button', { name: 'Записати і далі' }).click();
    await page.getByText('Крок 3 з 8').waitFor();
    await page.getByLabel('Перекладач').fill('Не потрібен');
    await page.reload();
    await page.getByText('Відновлено незбережену чернетку.').waitFor();
    await page.getByText('Крок 3 з 8').waitFor();
    expect(await page.getByLabel('Перекладач').inputValue()).toBe('Не потрібен');
    await page.getByLabel('Перекладач').fill('');
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-registration-rights');
    await page.getByRole('button', { name: 'Записати і далі' }).click();
    await page.getByText('Крок 4 з 8').waitFor();

    await page.getByLabel('Кому саме (ім’я, установа, номер)').fill('Київський місцевий центр БПД');
    await page.getByRole('button', { name: 'Записати повідомлення' }).click();
    await page.locator('.notify-done').first().waitFor();
    await page.getByLabel('Кого повідомлено').selectOption('relative');
    await page.getByLabel('Кому саме (ім’я, установа, номер)').fill('Дружина, +380 67 000 0000');
    await page.getByRole('button', { name: 'Записати повідомлення' }).click();
    await page.getByText('Усі обов’язкові повідомлення зроблено.').waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-registration-notifications');
    await page.getByRole('button', { name: 'Далі', exact: true }).click();
    await page.getByText('Крок 5 з 8').waitFor();
    await page.getByRole('button', { name: 'Записати і далі' }).click();
    await page.getByText('Крок 6 з 8').waitFor();
    await page.getByLabel('Речі — по одній на рядок').fill('Телефон Samsung, чорний\nКлючі × 3');
    await page.getByRole('button', { name: 'Записати і далі' }).click();
    await page.getByText('Крок 7 з 8').waitFor();
    await page.getByLabel('Висновок оцінки').fill('Ознак ризику не виявлено.');
    await page.getByRole('button', { name: 'Записати і далі' }).click();
    await page.getByText('Крок 8 з 8').waitFor();
    await page.getByLabel('Камера', { exact: true }).selectOption({ label: 'Камера 1' });
    await page.getByRole('button', { name: 'Завершити реєстрацію' }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const timeline = page.locator('.timeline');
    for (const text of ['Роз’яснено права', 'Переміщення']) {
      await timeline.getByText(text, { exact: false }).first().waitFor();
    }
    expect(await page.locator('.record-facts').textContent()).toContain('Камера 1');
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.includes('registration')),
      ),
    ).toEqual([]);
    e2e.assertClean(page);
    await page.close();
  });

  it('shows the whiteboard live, records a cell check by keyboard, and has a wall mode', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'olena');
    await page.getByRole('link', { name: 'Чергова дошка' }).click();
    const row = page.locator(`tr[data-record-id="${recordId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Камера 1');
    expect(await row.locator('.status').textContent()).toMatch(/У нормі|Наближається|Прострочено/);
    await page.getByText('Оновлюється наживо').waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-whiteboard');

    const other = await apiSession(e2e.baseUrl, 'maria');
    const view = await other.post(`/records/${recordId}/commands/MoveDetainee`, {
      occurredAt: nowMinute(),
      expectedVersion: await recordVersion(other, recordId),
      payload: {
        to: { description: 'Кімната для побачень' },
        purpose: 'Побачення із захисником',
        escort: [],
      },
    });
    expect(view.status).toBe(201);
    await expect
      .poll(() => row.textContent(), { timeout: 10_000 })
      .toContain('Кімната для побачень');

    await row.locator('td').first().click();
    await page.keyboard.press('c');
    const dialog = page.locator('dialog[open]');
    await dialog.getByRole('heading', { name: `Перевірка камери: ${NAME}` }).waitFor();
    await dialog.getByRole('button', { name: 'Спить, дихання рівне' }).click();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-cell-check');
    await submitDialog(page);
    await page.getByText('Записано: Перевірка камери').first().waitFor();

    await page.getByRole('button', { name: 'На весь екран' }).click();
    await page.locator('.wb-wall').waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-whiteboard-wall');
    await page.getByRole('button', { name: 'Вийти з повноекранного режиму' }).click();
    await page.locator('.wb-wall').waitFor({ state: 'detached' });

    await row.locator('td').first().click();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.locator('.timeline').getByText('Перевірка камери').first().waitFor();
    e2e.assertClean(page);
    await page.close();
  });

  it('lets the investigator interrogate, but offers no cell check and the API refuses one', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'petro');
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const quick = page.locator('.quick');
    await quick.first().waitFor();
    expect(await quick.getByRole('button', { name: 'Перевірка камери' }).count()).toBe(0);
    await quick.getByRole('button', { name: 'Почати допит' }).click();
    await page.getByLabel('Номер провадження').fill('12026100000000001');
    await submitDialog(page);
    await quick.getByRole('button', { name: 'Завершити допит' }).click();
    await submitDialog(page);
    await page.locator('.timeline').getByText('Кінець допиту').waitFor();
    expect(await page.locator('.timeline').textContent()).toContain('Початок допиту');

    const investigator = await apiSession(e2e.baseUrl, 'petro');
    const refused = await investigator.post(`/records/${recordId}/commands/RecordCellCheck`, {
      occurredAt: nowMinute(),
      expectedVersion: await recordVersion(investigator, recordId),
      payload: { condition: 'Спить', roused: false, concern: false },
    });
    expect(refused.status).toBe(403);
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-record-investigator');
    e2e.assertClean(page);
    await page.close();
  });

  it('releases with the checklist; the record closes and leaves the whiteboard', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'maria');
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const deadline = page.locator('.basis-button').first();
    expect(await deadline.getAttribute('title')).toMatch(/КПК|Конституція|CMU|PACE/);
    await deadline.click();
    await page.locator('.basis-popover').first().waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-record');
    await page.getByRole('button', { name: 'Звільнити' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Стаття закону').fill('КПК ст. 208 ч. 1');
    await dialog.getByText('Копію запису вручено затриманому').click();
    await e2e.axe(page);
    await e2e.screenshots(page, 'duty-release');
    await submitDialog(page);
    await page.locator('.record-tags').getByText('Звільнено').waitFor();
    expect(await page.locator('.quick').count()).toBe(0);
    await page.getByRole('link', { name: 'Чергова дошка' }).click();
    await page.getByText('У підрозділі зараз немає затриманих.').waitFor();
    e2e.assertClean(page);
    await page.close();
  });
});
