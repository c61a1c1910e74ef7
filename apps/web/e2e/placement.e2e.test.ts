import { detentionPayload } from '../../../packages/domain/src/test/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession, openAction, recordVersion, type ApiSession } from './duty.ts';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';

/** The instant `offset` minutes from now, to the minute (RFC 3339, UTC). */
const minute = (offset: number): string =>
  `${new Date(Date.now() + offset * 60_000).toISOString().slice(0, 16)}:00Z`;

const ADULT = 'Бондар Максим Ігорович';
const JUVENILE = 'Кравець Данило Олегович';
const REASON = 'Кімнату для неповнолітніх зачинено на ремонт; черговий поряд';

/** Opens a КПК ст. 208 record an hour ago through the API and delivers the person. */
async function openRecord(
  officer: ApiSession,
  inspector: ApiSession,
  unitId: string,
  fullName: string,
  juvenile: boolean,
): Promise<string> {
  const { recordId: _omit, ...payload } = detentionPayload;
  const opened = await officer.post('/records', {
    occurredAt: minute(-60),
    payload: { ...payload, person: { kind: 'identified', fullName }, juvenile, sex: 'male' },
  });
  expect(opened.status, JSON.stringify(opened.json)).toBe(201);
  const recordId = (opened.json as { recordId: string }).recordId;
  const delivered = await inspector.post(`/records/${recordId}/commands/RecordDelivery`, {
    occurredAt: minute(-40),
    expectedVersion: 1,
    payload: { unitId },
  });
  expect(delivered.status, JSON.stringify(delivered.json)).toBe(201);
  return recordId;
}

/** Opens the movement dialog on the record page and chooses the seeded cell. */
async function chooseCell(page: Page, to = 'Куди'): Promise<void> {
  await openAction(page, 'movement');
  await page.locator('dialog[open]').getByLabel(to, { exact: true }).selectOption({
    label: 'Камера 1',
  });
  await page.getByTestId('placement-check').waitFor();
}

/**
 * Placement in the browser (issue 14 deliver 6, domain.md §4): the movement dialog names the
 * placement rules a room would break before anything is sent (the server's check, the domain's
 * placementBreaches), a placement in breach without a reason is refused on the reason's field,
 * with one it is recorded flagged, and the record page and the whiteboard show the flag and the
 * room's occupancy, in Ukrainian and English.
 */
describe.each(E2E_DIALECTS)('placement rules in the browser (%s)', (dialect) => {
  let e2e: E2E;
  let inspector: ApiSession;
  let adult = '';
  let juvenile = '';

  beforeAll(async () => {
    e2e = await startE2E({ dialect });
    await e2e.user('detaining_officer', 'petro');
    await e2e.user('duty_inspector', 'olena');
    await e2e.user('supervisor', 'sup');
    await e2e.user('monitor', 'mon');
    const officer = await apiSession(e2e.baseUrl, 'petro');
    inspector = await apiSession(e2e.baseUrl, 'olena');
    adult = await openRecord(officer, inspector, e2e.seed.unitId, ADULT, false);
    juvenile = await openRecord(officer, inspector, e2e.seed.unitId, JUVENILE, true);
    const supervisor = await apiSession(e2e.baseUrl, 'sup', true);
    const monitor = await apiSession(e2e.baseUrl, 'mon');
    const granted = await supervisor.post('/grants', {
      granteeId: monitor.userId,
      scope: { kind: 'units', unitIds: [e2e.seed.unitId] },
      validFrom: minute(-5),
      validUntil: minute(24 * 60),
      purpose: 'Візит НПМ № 14',
    });
    expect(granted.status, JSON.stringify(granted.json)).toBe(201);
  }, 120_000);
  afterAll(() => e2e.close());

  const recordPage = async (recordId: string, name: string): Promise<Page> => {
    const page = await e2e.page();
    await e2e.signIn(page, 'olena');
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    return page;
  };

  it('a compliant placement: the room breaks no rule, the entry is not flagged', async () => {
    const page = await recordPage(adult, ADULT);
    await chooseCell(page);
    const dialog = page.locator('dialog[open]');
    expect(await page.getByTestId('placement-check').textContent()).toBe(
      '«Камера 1»: зайнято 0 з 2. Правил розміщення не порушено.',
    );
    // Nothing to explain, so no reason is asked.
    expect(await dialog.getByLabel('Причина розміщення з порушенням').count()).toBe(0);
    await dialog.getByLabel('Мета', { exact: true }).fill('Розміщення після доставлення');
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });
    const entry = page.locator('.timeline .entry', { hasText: 'Переміщення' }).first();
    await entry.waitFor();
    expect(await entry.locator('.tag-breach').count()).toBe(0);
    await expect.poll(() => page.locator('.record-facts').textContent()).toContain('Камера 1');
    expect(await page.locator('.record-head .tag-breach').count()).toBe(0);
    expect(await page.locator('.placement-flag').count()).toBe(0);
    e2e.assertClean(page);
    await page.close();
  });

  it('a placement breaking a rule: named before sending, refused without a reason, flagged with one', async () => {
    const page = await recordPage(juvenile, JUVENILE);
    await chooseCell(page);
    const dialog = page.locator('dialog[open]');
    const check = page.getByTestId('placement-check');
    const said = (await check.textContent()) ?? '';
    expect(said).toContain('Розміщення в «Камера 1» (зайнято 1 з 2) порушить правила розміщення:');
    expect(said).toContain('Неповнолітні тримаються окремо від дорослих');
    expect(said).toContain('Закон «Про попереднє ув’язнення» ст. 8');
    expect(said).not.toContain('Кімнату заповнено');
    await dialog.getByLabel('Мета', { exact: true }).fill('Розміщення після доставлення');
    await e2e.axe(page);
    await e2e.screenshots(page, 'placement-breach-dialog');

    // Sent without a reason: refused, the refusal on the reason's field, nothing stored.
    const before = await recordVersion(inspector, juvenile);
    await dialog.locator('button[type="submit"]').click();
    const summary = dialog.locator('.error-summary');
    await summary.waitFor();
    const link = summary.getByRole('link', {
      name: 'Причина розміщення з порушенням: Розміщення порушує правила розміщення; зазначте причину, і його буде позначено.',
    });
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
      'payload.placementReason',
    );
    expect(await recordVersion(inspector, juvenile)).toBe(before);
    await e2e.axe(page);

    // With the reason it is recorded, flagged.
    await dialog.getByLabel('Причина розміщення з порушенням').fill(REASON);
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });
    const entry = page.locator('.timeline .entry', { has: page.locator('.tag-breach') });
    await entry.waitFor();
    expect(await entry.locator('.tag-breach').textContent()).toBe('Розміщено з порушенням');
    const entryText = (await entry.textContent()) ?? '';
    expect(entryText).toContain(REASON);
    expect(entryText).toContain('Неповнолітні тримаються окремо від дорослих');
    const flag = page.locator('.placement-flag');
    await flag.waitFor();
    expect(await flag.textContent()).toBe(
      `Розміщено з порушенням: Неповнолітні тримаються окремо від дорослих. Причина: ${REASON}`,
    );
    expect(await page.locator('.record-facts .tag-breach').textContent()).toBe(
      'Розміщено з порушенням',
    );
    await e2e.axe(page);
    await e2e.screenshots(page, 'placement-flagged-record');

    // The same in English: the record's flag, and the check in the dialog.
    await page.getByRole('button', { name: 'ENG' }).click();
    await expect
      .poll(() => flag.textContent())
      .toBe(`Placed in breach: Juveniles are held apart from adults. Reason: ${REASON}`);
    expect(await entry.locator('.tag-breach').textContent()).toBe('Placed in breach');
    await e2e.screenshots(page, 'placement-flagged-record-en');
    await chooseCell(page, 'To');
    const english = (await check.textContent()) ?? '';
    // The detainee is in the room now: the room holds two, and the juvenile is still apart.
    expect(english).toContain(
      'Placing the detainee in Камера 1 (2 of 2 taken) would break placement rules:',
    );
    expect(english).toContain('Juveniles are held apart from adults');
    expect(english).toContain('Law on Pre-Trial Detention art. 8');
    await e2e.axe(page);
    await e2e.screenshots(page, 'placement-breach-dialog-en');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'УКР' }).click();
    e2e.assertClean(page, [/status of 422/]);
    await page.close();
  });

  it('the whiteboard shows the room full and the flagged placement with its reason', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'olena');
    await page.goto(`${e2e.baseUrl}/whiteboard`);
    const flagged = page.locator(`tr[data-record-id="${juvenile}"]`);
    await flagged.waitFor();
    await expect.poll(() => page.locator('.wb-rooms').textContent()).toContain('Камера 1 2/2');
    const tag = flagged.locator('.wb-placement-flag');
    expect(await tag.textContent()).toBe('Розміщено з порушенням');
    expect(await tag.getAttribute('title')).toBe(
      `Розміщено з порушенням: Неповнолітні тримаються окремо від дорослих. Причина: ${REASON}`,
    );
    expect(await flagged.locator('.wb-occupancy').textContent()).toBe(' 2/2');
    const compliant = page.locator(`tr[data-record-id="${adult}"]`);
    expect(await compliant.locator('.wb-placement-flag').count()).toBe(0);
    expect(await compliant.locator('.wb-occupancy').textContent()).toBe(' 2/2');
    await e2e.axe(page);
    await e2e.screenshots(page, 'placement-whiteboard');
    await page.getByRole('button', { name: 'ENG' }).click();
    await expect.poll(() => tag.textContent()).toBe('Placed in breach');
    await e2e.screenshots(page, 'placement-whiteboard-en');
    await page.getByRole('button', { name: 'УКР' }).click();
    e2e.assertClean(page);
    await page.close();
  });

  it('a monitor reads the flagged placement with its reason on the read-only record', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'mon');
    await page.goto(`${e2e.baseUrl}/oversight/${juvenile}`);
    const dialog = page.getByRole('dialog', { name: 'Підстава доступу' });
    await dialog.getByLabel('Підстава').fill('Моніторинговий візит НПМ № 14');
    await dialog.getByRole('button', { name: 'Відкрити' }).click();
    const flag = page.locator('.placement-flag');
    await flag.waitFor();
    expect(await flag.textContent()).toBe(
      `Розміщено з порушенням: Неповнолітні тримаються окремо від дорослих. Причина: ${REASON}`,
    );
    const move = page.getByRole('row').filter({ has: page.locator('.tag-breach') });
    expect(await move.count()).toBe(1);
    expect(await move.textContent()).toContain(REASON);
    await e2e.axe(page);
    await e2e.screenshots(page, 'placement-monitor');
    e2e.assertClean(page);
    await page.close();
  });
});
