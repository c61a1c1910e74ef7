import type { CheckpointView } from '@custody/contracts';
import { openNote, parseCheckpoint, toHex, verifierFromVkey } from '@custody/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detentionPayload } from '../../../packages/domain/src/test/fixtures.ts';
import { apiSession, nowMinute } from './duty.ts';
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
    // A notice worded in Ukrainian does not stay on a screen switched to English.
    await page.getByRole('button', { name: 'ENG' }).click();
    await page.getByRole('columnheader', { name: 'Username' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'ivan.medic' }).count()).toBe(0);
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
    expect(await row.textContent()).toContain('Кімната для затриманих');
    await e2e.axe(page);
    await e2e.screenshots(page, 'admin-rooms');
    e2e.assertClean(page);
    await page.close();
  });

  it('shows the log key and recent checkpoints; the key copies, a signed note downloads and verifies', async () => {
    const page = await e2e.page();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: e2e.baseUrl,
    });
    await e2e.user('admin', 'admin3');
    await e2e.signIn(page, 'admin3', { totp: true });
    await page.getByRole('link', { name: 'Адміністрування' }).click();
    await page.getByRole('link', { name: 'Ключ і контрольні точки' }).click();
    await page.waitForURL('**/admin/integrity');
    await page.getByRole('heading', { level: 2, name: 'Ключ і контрольні точки' }).waitFor();

    // Before anything is recorded: the key and origin are there, no checkpoint yet.
    const served = (await (await fetch(`${e2e.baseUrl}/api/v1/integrity/vkey`)).text()).trim();
    expect(served).toMatch(/^custody\.e2e\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(await page.getByTestId('vkey').textContent()).toBe(served);
    expect(await page.getByTestId('log-origin').textContent()).toBe('custody.e2e/log');
    const latest = page.locator('section[aria-labelledby="latest-checkpoint"]');
    await latest.getByText('Контрольних точок ще немає.').waitFor();
    await page.getByRole('button', { name: 'Копіювати: Відкритий ключ перевірки' }).click();
    await page.getByRole('status').filter({ hasText: 'Скопійовано.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(served);
    await e2e.axe(page);
    await e2e.screenshots(page, 'admin-integrity-empty');

    // Three records opened by an officer: one signed checkpoint per commit.
    await e2e.user('detaining_officer', 'officer.log');
    const officer = await apiSession(e2e.baseUrl, 'officer.log');
    const { recordId: _omit, ...payload } = detentionPayload;
    for (const fullName of ['Бондар Богдан', 'Ковальчук Кирило', 'Мельник Марко']) {
      const opened = await officer.post('/records', {
        occurredAt: nowMinute(),
        payload: { ...payload, person: { ...payload.person, fullName }, bodycamRefs: [] },
      });
      expect(opened.status, JSON.stringify(opened.json)).toBe(201);
    }
    const listed = await page.request.get(`${e2e.baseUrl}/api/v1/integrity/checkpoints?limit=10`);
    const items = ((await listed.json()) as { items: CheckpointView[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    const [newest, , third] = items;
    if (!newest || !third) throw new Error('expected three checkpoints');

    await page.reload();
    await latest.locator('.note-text').waitFor();
    expect(await latest.locator('.note-text').textContent()).toBe(newest.note);
    expect(await latest.textContent()).toContain(newest.root);
    const table = page.getByRole('table', { name: 'Останні контрольні точки, найновіші першими' });
    expect(await table.locator('tbody tr').count()).toBe(items.length);
    // Newest first, as the API lists them: the third row is the third checkpoint.
    const row = table.locator('tbody tr').nth(2);
    expect(await row.locator('td').first().textContent()).toBe(String(third.size));
    const short = row.locator('code');
    expect(await short.textContent()).toBe(`${third.root.slice(0, 12)}…${third.root.slice(-4)}`);
    expect(await short.getAttribute('title')).toBe(third.root);
    await e2e.axe(page);
    await e2e.screenshots(page, 'admin-integrity');

    const name = `Контрольна точка, розмір дерева ${String(third.size)}`;
    await row.getByRole('button', { name: `Показати: ${name}` }).click();
    const dialog = page.getByRole('dialog', { name });
    await dialog.waitFor();
    expect(await dialog.getByTestId('full-root').textContent()).toBe(third.root);
    expect(await dialog.locator('.note-text').textContent()).toBe(third.note);
    await e2e.axe(page);
    await e2e.screenshots(page, 'admin-integrity-note');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: `Завантажити: ${name}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `custody.e2e_log-checkpoint-${String(third.size)}.txt`,
    );
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const saved = Buffer.concat(chunks).toString('utf8');
    expect(saved).toBe(third.note);

    // What an auditor does outside: the saved note verifies with the copied key alone.
    const opened = openNote(saved, [verifierFromVkey(served)]);
    const checkpoint = parseCheckpoint(opened.text);
    expect(checkpoint.origin).toBe('custody.e2e/log');
    expect(checkpoint.size).toBe(third.size);
    expect(toHex(checkpoint.root)).toBe(third.root);
    await dialog.getByRole('button', { name: 'Закрити' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'ENG' }).click();
    await page.getByRole('heading', { level: 2, name: 'Key and checkpoints' }).waitFor();
    await page.getByRole('button', { name: 'Copy: Verifier public key' }).waitFor();
    await page
      .getByRole('button', { name: `Show: Checkpoint at tree size ${String(third.size)}` })
      .waitFor();
    await e2e.axe(page);
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
