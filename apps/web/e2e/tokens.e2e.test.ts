import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';

/**
 * A unit supervisor (not an administrator: an administrator holds no custody permission) issues a
 * records:commands token from the web form: the form offers the roles the token may act as and,
 * for the role picked, the commands the server's token ceiling lets this supervisor list (the
 * supervisor's own: martial-law conditions and corrections, never a cell check); the token
 * belongs to the supervisor's unit.
 */
describe.each(E2E_DIALECTS)(
  'a supervisor issues a writing API token (%s)',
  { timeout: 60_000 },
  (dialect) => {
    let e2e: E2E;
    beforeAll(async () => {
      e2e = await startE2E({ dialect });
      await e2e.user('supervisor', 'sup.tokens');
    });
    afterAll(async () => {
      await e2e.close();
    });

    it('picks records:commands, a role and its commands; the server issues the token once', async () => {
      const page = await e2e.page();
      await e2e.signIn(page, 'sup.tokens', { totp: true });
      await page.getByRole('link', { name: 'API-токени' }).click();
      await page.getByRole('heading', { name: 'API-токени', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Новий токен' }).click();
      const dialog = page.getByRole('dialog', { name: 'Новий токен' });
      await dialog.getByLabel('Назва').fill('Журнал воєнного стану');
      const scopes = dialog.getByRole('group', { name: 'Дозволи' });
      await scopes.getByRole('checkbox', { name: 'Команди від імені ролі' }).check();
      await scopes.getByRole('checkbox', { name: 'Читання карток' }).uncheck();

      // Without a role and commands the form says what is missing, and sends nothing.
      await dialog.getByRole('button', { name: 'Створити' }).click();
      const role = dialog.getByLabel('Діє від імені ролі');
      expect(await role.getAttribute('aria-invalid')).toBe('true');

      // A writing token belongs to the supervisor's own unit: the only unit offered.
      const unit = dialog.getByLabel('Підрозділ');
      expect(await unit.locator('option').count()).toBe(1);
      expect(await unit.inputValue()).toBe(e2e.seed.unitId);

      await role.selectOption('supervisor');
      expect(await role.getAttribute('aria-invalid')).not.toBe('true');
      const commands = dialog.getByRole('group', { name: 'Записи, які може вносити токен' });
      const offered = await commands
        .getByRole('checkbox')
        .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
      expect(offered).toContain('RecordMartialLawConditions');
      expect(offered).not.toContain('RecordCellCheck');
      await commands.getByRole('checkbox', { name: /RecordMartialLawConditions/ }).check();
      await e2e.axe(page);
      await e2e.screenshots(page, 'tokens-supervisor-form');

      const sent = page.waitForRequest(
        (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/api-tokens'),
      );
      await dialog.getByRole('button', { name: 'Створити' }).click();
      const request = await sent;
      expect(request.postDataJSON()).toMatchObject({
        name: 'Журнал воєнного стану',
        scopes: ['records:commands'],
        actsAs: 'supervisor',
        commands: ['RecordMartialLawConditions'],
        unitId: e2e.seed.unitId,
      });
      expect((await request.response())?.status()).toBe(201);
      await page.getByText('Скопіюйте токен зараз').waitFor();
      await e2e.screenshots(page, 'tokens-supervisor-created');
      await page.getByRole('button', { name: 'Закрити' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Журнал воєнного стану' });
      expect(await row.locator('td[data-label="Дозволи"]').textContent()).toBe(
        'Команди від імені ролі (Керівник підрозділу: Умови воєнного стану (RecordMartialLawConditions))',
      );
      e2e.assertClean(page);
      await page.close();
    });
  },
);
