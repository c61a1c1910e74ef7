import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';
import { apiSession, openCriminalRecord, recordCommand, type ApiSession } from './duty.ts';

/**
 * A unit's policy (issue 14 point 3, domain.md §4): the supervisor changes the cell-check interval
 * on the policy screen, with a reason; the change is in the log and in the screen's history; the
 * next check of a record already in custody is then due by the new interval on the whiteboard and
 * the record; a duty inspector has no such screen and the API refuses them.
 */

const MIN = 60_000;
const NAME = 'Гнатюк Степан Іванович';
const minute = (ms: number) =>
  `${new Date(Math.floor(ms / MIN) * MIN).toISOString().slice(0, 16)}:00Z`;
const second = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

interface Obligation {
  id: string;
  dueAt: string | null;
}

describe.each(E2E_DIALECTS)('unit policy (%s)', (dialect) => {
  let e2e: E2E;
  let taras: ApiSession;
  let olena: ApiSession;
  let recordId = '';

  const nextCheck = async (): Promise<string | null | undefined> => {
    const { json } = await olena.get(`/records/${recordId}`);
    return (json as { obligations: Obligation[] }).obligations.find(
      (o) => o.id === 'cell_check:next',
    )?.dueAt;
  };

  beforeAll(async () => {
    e2e = await startE2E({ dialect });
    await e2e.user('detaining_officer', 'taras');
    await e2e.user('duty_inspector', 'olena');
    await e2e.user('supervisor', 'svitlana');
    taras = await apiSession(e2e.baseUrl, 'taras');
    olena = await apiSession(e2e.baseUrl, 'olena');
    const t0 = Date.now() - 90 * MIN;
    recordId = await openCriminalRecord(taras, minute(t0), {
      fullName: NAME,
      place: 'Київ, вул. Саксаганського, 7',
    });
    await recordCommand(taras, taras, recordId, {
      type: 'RecordDelivery',
      occurredAt: minute(t0 + 10 * MIN),
      payload: { unitId: e2e.seed.unitId },
    });
    const check = Date.now() - 20 * MIN;
    await recordCommand(olena, olena, recordId, {
      type: 'RecordCellCheck',
      occurredAt: minute(check),
      payload: { condition: 'Спокійний', roused: false, concern: false },
    });
    // The installation's hourly check (unit policy, modelled on Code C 9.3).
    expect(await nextCheck()).toBe(new Date(Date.parse(minute(check)) + 60 * MIN).toISOString());
  }, 240_000);
  afterAll(() => e2e.close());

  it('the supervisor changes the cell-check interval; the next check follows it', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'svitlana', { totp: true });
    await page.getByRole('navigation').getByRole('link', { name: 'Політика підрозділу' }).click();
    await page.getByRole('heading', { name: 'Політика підрозділу', level: 1 }).waitFor();
    const table = page.locator('table').first();
    await table.getByText('Перевірка кімнати: інтервал').waitFor();
    const checkRow = table.locator('tr', { hasText: 'Перевірка кімнати: інтервал' });
    expect(await checkRow.innerText()).toContain(
      'політика підрозділу; за зразком англійського Кодексу практики C, п. 9.3',
    );
    expect(await checkRow.innerText()).toContain('1 год 00 хв');
    await expect(page.getByText('Політику ще не змінювали').isVisible()).resolves.toBe(true);

    // Out of range: the summary names the field, nothing is sent.
    await page.locator('input[name="cellCheckMinutes"]').fill('2');
    await page.locator('input[name="reason"]').fill('Наказ № 7 від 06.12.2026');
    await page.getByRole('button', { name: 'Внести зміну' }).click();
    await page.getByText('Перевірка кімнати: інтервал: Ціле число хвилин, від 5 до 240.').waitFor();

    await page.locator('input[name="cellCheckMinutes"]').fill('30');
    await page.getByRole('button', { name: 'Внести зміну' }).click();
    const history = page.locator('table').nth(1);
    await history.getByText('Перевірка кімнати: інтервал: 1 год 00 хв → 30 хв').waitFor();
    expect(await history.innerText()).toContain('Наказ № 7 від 06.12.2026');
    expect(await checkRow.innerText()).toContain('30 хв');
    await e2e.axe(page);
    await e2e.screenshots(page, 'policy-uk');
    // The confirmation was in Ukrainian; it is closed before the English reading.
    await page.locator('.toast-close').click();
    await page.getByRole('button', { name: 'ENG' }).click();
    await page.getByRole('heading', { name: 'Unit policy', level: 1 }).waitFor();
    const enRow = page.locator('table').first().locator('tr', { hasText: 'Cell check: interval' });
    expect(await enRow.innerText()).toContain('unit policy, modelled on PACE Code C 9.3');
    await page
      .locator('table')
      .nth(1)
      .getByText('Cell check: interval: 1 h 00 min → 30 min')
      .waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'policy-en');
    e2e.assertClean(page);
    await page.close();

    // The interval running at the change keeps 60 min; the check made now starts a 30-minute one.
    await new Promise((r) => setTimeout(r, 1100));
    const made = Date.now();
    await recordCommand(olena, olena, recordId, {
      type: 'RecordCellCheck',
      occurredAt: second(made),
      payload: { condition: 'Спокійний', roused: false, concern: false },
    });
    const due = new Date(Date.parse(second(made)) + 30 * MIN).toISOString();
    expect(await nextCheck()).toBe(due);

    const board = await e2e.page();
    await e2e.signIn(board, 'olena');
    await board.goto(`${e2e.baseUrl}/whiteboard`);
    const row = board.locator(`tr[data-record-id="${recordId}"]`);
    await row.waitFor();
    expect(await row.locator('.wb-check time').getAttribute('datetime')).toBe(due);
    await e2e.screenshots(board, 'policy-whiteboard-uk');
    await board.goto(`${e2e.baseUrl}/records/${recordId}`);
    await board.getByText(NAME).first().waitFor();
    const basis = board.locator('.basis-button', { hasText: 'Перевірка кімнати' }).first();
    expect(await basis.getAttribute('title')).toContain('кожні 30 хв');
    await e2e.screenshots(board, 'policy-record-uk');
    e2e.assertClean(board);
    await board.close();
  }, 240_000);

  it('a duty inspector has no policy screen and the API refuses their change', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'olena');
    await page.getByRole('navigation').waitFor();
    expect(
      await page.getByRole('navigation').getByRole('link', { name: 'Політика підрозділу' }).count(),
    ).toBe(0);
    await page.goto(`${e2e.baseUrl}/policy`);
    await page.getByText('Доступ заборонено').waitFor();
    await e2e.screenshots(page, 'policy-refused-uk');
    e2e.assertClean(page);
    await page.close();

    const view = await olena.get(`/units/${e2e.seed.unitId}/policy`);
    expect(view.status).toBe(200);
    const { version, canChange } = view.json as { version: number; canChange: boolean };
    expect(canChange).toBe(false);
    const refused = await olena.post(`/units/${e2e.seed.unitId}/policy/changes`, {
      expectedVersion: version,
      values: { cellCheckMinutes: 15 },
      reason: 'Спроба чергового',
    });
    expect(refused.status).toBe(403);
    const after = (await olena.get(`/units/${e2e.seed.unitId}/policy`)).json as {
      version: number;
    };
    expect(after.version).toBe(version);
  }, 120_000);
});
