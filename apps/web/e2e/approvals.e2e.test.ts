import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { E2E_DIALECTS, startE2E, type E2E } from './harness.ts';
import {
  apiSession,
  choose,
  nowMinute,
  openAction,
  openCriminalRecord,
  recordCommand,
  recordVersion,
  submitDialog,
  type ApiSession,
} from './duty.ts';

const MIN = 60_000;
const PERSON = 'Гнатюк Роман Степанович';
const minute = (ms: number) =>
  `${new Date(Math.floor(ms / MIN) * MIN).toISOString().slice(0, 16)}:00Z`;

interface RecordJson {
  summary: { observationLevel: string | null };
  pendingApprovals: { eventId: string }[];
  timeline: {
    eventId: string;
    type: string;
    actor: { id: string };
    payload: Record<string, unknown> | null;
  }[];
}

/**
 * The two-step approval in the browser (domain.md §2, §3.8; issue 14 point 4): a duty inspector
 * asks to lower the observation level; the request waits on the record page and on the unit's
 * whiteboard; a custody inspector cannot decide it; a supervisor of the unit, on their own
 * session, approves it as their own entry, and the record shows both entries and the new level.
 */
describe.each(E2E_DIALECTS)('two-step approval of a lowering (%s)', (dialect) => {
  let e2e: E2E;
  let maria: ApiSession;
  let recordId = '';
  let supervisorId = '';
  let dutyId = '';

  const record = async () => {
    const { status, json } = await maria.get(`/records/${recordId}`);
    if (status !== 200) throw new Error(`record: ${status}`);
    return json as RecordJson;
  };

  /** axe at 768 and 1920 px, then the screenshots (which end at 1920 px). */
  async function look(page: Page, name: string): Promise<void> {
    await page.setViewportSize({ width: 768, height: 1024 });
    await e2e.axe(page);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await e2e.axe(page);
    await e2e.screenshots(page, name);
  }

  beforeAll(async () => {
    e2e = await startE2E({ dialect });
    await e2e.user('detaining_officer', 'taras');
    await e2e.user('custody_inspector', 'maria');
    await e2e.user('duty_inspector', 'olena');
    // A second factor's code is accepted once: each browser sign-in of a supervisor is a user of its own.
    for (const name of ['ivan', 'ivan.en', 'ivan.uk']) await e2e.user('supervisor', name);
    maria = await apiSession(e2e.baseUrl, 'maria');
    const taras = await apiSession(e2e.baseUrl, 'taras');
    dutyId = (await apiSession(e2e.baseUrl, 'olena')).userId;
    const t0 = Date.now() - 3 * 60 * MIN;
    recordId = await openCriminalRecord(taras, minute(t0), {
      fullName: PERSON,
      place: 'Київ, вул. Саксаганського, 40',
    });
    const run = (as: ApiSession, type: string, at: number, payload: unknown) =>
      recordCommand(maria, as, recordId, { type, occurredAt: minute(at), payload });
    await run(taras, 'RecordDelivery', t0 + 10 * MIN, { unitId: e2e.seed.unitId });
    await run(maria, 'SetObservationLevel', t0 + 20 * MIN, {
      level: 'constant',
      rationale: 'Сильне сп’яніння',
    });
  }, 180_000);
  afterAll(() => e2e.close());

  it('a duty inspector asks to lower the level: the request waits, the level stands', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'olena');
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.getByRole('heading', { level: 1, name: PERSON }).waitFor();
    // The one-step form needs a supervisor present; the two-step request is offered beside it.
    await openAction(page, 'requestApproval');
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('До якого рівня знизити').selectOption('general');
    await dialog.getByLabel('Обґрунтування').fill('Протверезів, лікар оглянув о 12:00');
    await e2e.axe(page);
    await submitDialog(page);
    const panel = page.locator('.pending-approvals');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Зниження рівня нагляду: Загальне');
    expect(await panel.textContent()).toContain('До рішення керівника підрозділу');
    expect(await page.locator('.record-facts').textContent()).toContain('Постійне');
    await look(page, 'approvals-requested-duty-uk');
    e2e.assertClean(page);
    await page.close();
    const r = await record();
    expect(r.pendingApprovals).toHaveLength(1);
    expect(r.summary.observationLevel).toBe('constant');
  });

  it('a custody inspector is not offered the decision and the API refuses it', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'maria');
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.locator('.pending-approvals').waitFor();
    await page.locator('.record-actions [data-action="cellCheck"]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-action="decideApproval"]').count()).toBe(0);
    e2e.assertClean(page);
    await page.close();
    const [pending] = (await record()).pendingApprovals;
    const refused = await maria.post(`/records/${recordId}/commands/DecideApproval`, {
      occurredAt: nowMinute(),
      expectedVersion: await recordVersion(maria, recordId),
      payload: { requestEventId: pending?.eventId, decision: 'approved' },
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ permission: 'record.approve' });
    expect((await record()).pendingApprovals).toHaveLength(1);
  });

  for (const [language, button] of [
    ['en', 'ENG'],
    ['uk', 'УКР'],
  ] as const) {
    it(`the supervisor sees the request on the whiteboard and the record page (${language})`, async () => {
      const page = await e2e.page();
      await e2e.signIn(page, `ivan.${language}`, { totp: true });
      await page.getByRole('button', { name: button, exact: true }).click();
      await page.goto(`${e2e.baseUrl}/whiteboard`);
      const notice = page.locator('.wb-approvals');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(
        language === 'uk' ? 'Чекають вашого рішення як керівника' : 'Awaiting your decision',
      );
      expect(await page.locator(`tr[data-record-id="${recordId}"] .wb-approval`).count()).toBe(1);
      await look(page, `approvals-whiteboard-supervisor-${language}`);
      await notice.getByRole('link', { name: PERSON }).click();
      await page.getByRole('heading', { level: 1, name: PERSON }).waitFor();
      const panel = page.locator('.pending-approvals');
      await panel.waitFor();
      expect(await panel.textContent()).toContain(
        language === 'uk'
          ? 'Рішення вносить керівник підрозділу від свого імені'
          : 'Lowering the observation level: General',
      );
      await page.locator('.record-quickbar [data-action="decideApproval"]').waitFor();
      await look(page, `approvals-record-supervisor-${language}`);
      e2e.assertClean(page);
      await page.close();
    });
  }

  it('a supervisor of the unit approves on their own session: both entries, the new level', async () => {
    const page = await e2e.page();
    await e2e.signIn(page, 'ivan', { totp: true });
    supervisorId = await page.evaluate(async () => {
      const session = (await (await fetch('/api/v1/session')).json()) as { user: { id: string } };
      return session.user.id;
    });
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    await page.locator('.pending-approvals').waitFor();
    await openAction(page, 'decideApproval');
    const dialog = page.locator('dialog[open]');
    // The request it decides is chosen already: the one awaiting a decision.
    expect(await dialog.getByLabel('Який запит').inputValue()).toBe(
      (await record()).pendingApprovals[0]?.eventId,
    );
    await choose(dialog, 'Рішення', 'Погоджено');
    await e2e.axe(page);
    await submitDialog(page);
    await page.locator('.pending-approvals').waitFor({ state: 'detached' });
    const titles = page.locator('.timeline .entry-title');
    await titles.getByText('Рішення керівника', { exact: true }).waitFor();
    await titles.getByText('Запит на погодження', { exact: true }).waitFor();
    expect(await page.locator('.record-facts').textContent()).toContain('Загальне');
    await look(page, 'approvals-approved-uk');
    await page.getByRole('button', { name: 'ENG', exact: true }).click();
    await page.locator('.timeline .entry-title').getByText('Supervisor’s decision').waitFor();
    await look(page, 'approvals-approved-en');
    e2e.assertClean(page);
    await page.close();

    const r = await record();
    expect(r.summary.observationLevel).toBe('general');
    expect(r.pendingApprovals).toEqual([]);
    const entries = r.timeline.filter((e) => e.type.startsWith('Approval'));
    expect(entries.map((e) => [e.type, e.actor.id])).toEqual([
      ['ApprovalRequested', dutyId],
      ['ApprovalDecided', supervisorId],
    ]);
    expect(entries[1]?.payload).toMatchObject({ decision: 'approved', level: 'general' });
  });

  it('the level set again supersedes a pending request: the timeline and the board say why it went', async () => {
    const olena = await apiSession(e2e.baseUrl, 'olena');
    const run = (as: ApiSession, type: string, payload: unknown) =>
      recordCommand(maria, as, recordId, { type, occurredAt: nowMinute(), payload });
    await run(maria, 'SetObservationLevel', { level: 'intermittent', rationale: 'Неспокійний' });
    await run(olena, 'RequestApproval', {
      subject: 'observation_lowering',
      level: 'general',
      rationale: 'Заспокоївся',
    });
    await run(maria, 'SetObservationLevel', { level: 'constant', rationale: 'Знову збуджений' });
    const r = await record();
    expect(r.pendingApprovals).toEqual([]);
    const request = r.timeline.findLast((e) => e.type === 'ApprovalRequested');
    const set = r.timeline.at(-1);
    expect(set?.payload).toMatchObject({ supersedesRequestEventId: request?.eventId });

    const page = await e2e.page();
    await e2e.signIn(page, 'olena');
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const [language, supersedes, supersededBy, tag] of [
      [
        'uk',
        'Скасовує запит на зниження рівня нагляду',
        'Запит скасовано: рівень нагляду встановлено знову',
        'Запит скасовано',
      ],
      [
        'en',
        'Cancels the request to lower the observation level',
        'Request cancelled: the observation level was set again',
        'Request cancelled',
      ],
    ] as const) {
      await page.goto(`${e2e.baseUrl}/records/${recordId}`);
      if (language === 'en') await page.getByRole('button', { name: 'ENG', exact: true }).click();
      const links = page.locator('.timeline .entry-link');
      await links.filter({ hasText: supersedes }).waitFor();
      await links.filter({ hasText: supersededBy }).waitFor();
      expect(await page.locator('.pending-approvals').count()).toBe(0);
      await look(page, `approvals-superseded-record-${language}`);
      await page.goto(`${e2e.baseUrl}/whiteboard`);
      const row = page.locator(`tr[data-record-id="${recordId}"]`);
      const cancelled = row.locator('.wb-approval-superseded');
      await cancelled.waitFor();
      expect(await cancelled.textContent()).toContain(tag);
      expect(await row.locator('.wb-approval').count()).toBe(0);
      await look(page, `approvals-superseded-whiteboard-${language}`);
    }
    e2e.assertClean(page);
    await page.close();
  });
});
