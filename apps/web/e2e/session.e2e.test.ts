import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, E2E_DIALECTS, startE2E, type E2E } from './harness.ts';

describe.each(E2E_DIALECTS)('sign-in and language (%s)', { timeout: 60_000 }, (dialect) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ dialect });
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('shows the sign-in form in Ukrainian, accessible at 768 and 1920 px', async () => {
    const page = await e2e.page();
    await page.goto(e2e.baseUrl);
    await page.getByRole('heading', { name: 'Вхід' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    await e2e.axe(page);
    await e2e.screenshots(page, 'sign-in');
    e2e.assertClean(page);
    await page.close();
  });

  it('signs a duty inspector in: header shows unit, name and role; no administration', async () => {
    await e2e.user('duty_inspector', 'olena');
    const page = await e2e.page();
    await e2e.signIn(page, 'olena');
    const header = page.locator('header');
    await expect.poll(() => header.textContent()).toContain(e2e.seed.unitName);
    expect(await header.textContent()).toContain('Olena Тест');
    expect(await header.textContent()).toContain('Черговий');
    const nav = await page.locator('.app-nav').textContent();
    expect(nav).not.toContain('Адміністрування');
    await e2e.axe(page);
    await e2e.screenshots(page, 'home-duty-inspector');
    e2e.assertClean(page);
    await page.close();
  });

  it('shows an inline error for a wrong password and stays on sign-in', async () => {
    await e2e.user('investigator', 'petro');
    const page = await e2e.page();
    await page.goto(e2e.baseUrl);
    await page.locator('input[name="username"]').fill('petro');
    await page.locator('input[name="password"]').fill('not the password');
    await page.locator('form button[type="submit"]').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Неправильне ім’я користувача або пароль.');
    expect(await page.locator('.app-nav').count()).toBe(0);
    await e2e.axe(page);
    await e2e.screenshots(page, 'sign-in-wrong-password');
    // The refusal is reworded when the language changes, not left in the language it came in.
    await page.getByRole('button', { name: 'ENG' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await alert.textContent()).toContain('Wrong username or password.');
    await page.getByRole('button', { name: 'УКР' }).click();
    await page.getByRole('heading', { name: 'Вхід' }).waitFor();
    expect(await alert.textContent()).toContain('Неправильне ім’я користувача або пароль.');
    e2e.assertClean(page);
    await page.close();
  });

  it('asks a supervisor for a TOTP code after the password, then signs in', async () => {
    await e2e.user('supervisor', 'kovalenko');
    const page = await e2e.page();
    await page.goto(e2e.baseUrl);
    await page.locator('input[name="username"]').fill('kovalenko');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.locator('input[name="totp"]').waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'sign-in-totp');
    await page.locator('input[name="totp"]').fill('000000');
    await page.locator('form button[type="submit"]').click();
    await page.locator('.field-error').waitFor();
    await page.close();

    const again = await e2e.page();
    await e2e.signIn(again, 'kovalenko', { totp: true });
    expect(await again.locator('.app-nav').textContent()).toContain(
      'Доступ для моніторів і захисників',
    );
    expect(await again.locator('header').textContent()).toContain('Керівник підрозділу');
    e2e.assertClean(again);
    await again.close();
  });

  it('switches to English, and the choice survives a reload', async () => {
    await e2e.user('custody_inspector', 'maria');
    const page = await e2e.page();
    await e2e.signIn(page, 'maria');
    await page.getByRole('button', { name: 'ENG' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('header').textContent()).toContain('Human-rights inspector');
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('.app-nav').textContent()).toContain('Home');
    await e2e.axe(page);
    await e2e.screenshots(page, 'home-english');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    e2e.assertClean(page);
    await page.close();
  });
});
