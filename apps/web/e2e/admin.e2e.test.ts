import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';

describe.each(E2E_DIALECTS)('administration (%s)', { timeout: 60_000 }, (dialect) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ dialect });
    await e2e.user('admin', 'admin1');
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('an admin creates a user, who then appears in the list', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'admin1', { totp: true });
    await page.getByRole('link', { name: 'Адміністрування' }).click();
    await page.getByRole('heading', { name: 'Користувачі', level: 2 }).waitFor();
    await page.getByRole('table').waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'admin-users');

    await page.getByRole('button', { name: 'Новий користувач' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Створити' }).click();
    expect(await dialog.locator('.field-error').count()).toBeGreaterThanOrEqual(3);
    const username = dialog.getByLabel('Ім’я користувача');
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    await e2e.axe(page);
    await e2e.screenshots(page, 'admin-user-form-errors');

    await username.fill('ivan.medic');
    await dialog.getByLabel('ПІБ').fill('Іван Медик');
    await dialog.getByLabel('Роль', { exact: true }).selectOption('medical');
    await dialog.getByLabel('Підрозділ').selectOption(e2e.seed.unitId);
    await dialog.getByLabel('Початковий пароль').fill('a long enough password');
    await dialog.getByRole('button', { name: 'Створити' }).click();
    await page.getByRole('status').filter({ hasText: 'ivan.medic' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'ivan.medic' });
    expect(await row.textContent()).toContain('Медичний працівник');
    expect(await row.textContent()).toContain(e2e.seed.unitName);
    e2e.assertClean(page);
    await page.close();
  });

  it('an admin creates a cell in a unit', async () => {
    const page = await e2e.page();
    await e2e.user('admin', 'admin2');
    await e2e.signIn(page, 'admin2', { totp: true });
    await page.goto(`${e2e.baseUrl}/admin/rooms`);
    await page.getByLabel('Підрозділ').selectOption(e2e.seed.unitId);
    await page.getByRole('row').filter({ hasText: 'Камера 1' }).waitFor();
    await page.getByRole('button', { name: 'Нове приміщення' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Назва').fill('Камера 2');
    await dialog.getByLabel('Тип').selectOption('cell');
    await dialog.getByLabel('Місткість').fill('3');
    await e2e.screenshots(page, 'admin-room-form');
    await dialog.getByRole('button', { name: 'Створити' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Камера 2' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Камера тримання');
    await e2e.axe(page);
    await e2e.screenshots(page, 'admin-rooms');
    e2e.assertClean(page);
    await page.close();
  });

  it('refuses administration to a non-admin: no menu entry, refusal page, API 403', async () => {
    await e2e.user('duty_inspector', 'taras');
    const page = await e2e.page();
    await e2e.signIn(page, 'taras');
    expect(await page.getByRole('link', { name: 'Адміністрування' }).count()).toBe(0);
    await page.goto(`${e2e.baseUrl}/admin`);
    await page.getByRole('heading', { name: 'Доступ заборонено' }).waitFor();
    expect(await page.getByRole('button', { name: 'Новий користувач' }).count()).toBe(0);
    await e2e.axe(page);
    await e2e.screenshots(page, 'admin-refused');
    const response = await page.request.get(`${e2e.baseUrl}/api/v1/users`);
    expect(response.status()).toBe(403);
    e2e.assertClean(page);
    await page.close();
  });
});
