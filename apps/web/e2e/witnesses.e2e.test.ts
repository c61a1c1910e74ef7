import { generateSignerKey } from '@custody/ledger';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detentionPayload } from '../../../packages/domain/src/test/fixtures.ts';
import { apiSession } from './duty.ts';
import { E2E_DIALECTS, startE2E, type E2E, type Witnessing } from './harness.ts';

const minute = (offset: number): string =>
  new Date(Math.floor(Date.now() / 60_000) * 60_000 + offset * 60_000).toISOString();

/** The app's section menu (the home screen repeats its links). */
const nav = (page: Page) => page.getByRole('navigation', { name: 'Розділи' });

describe.each(E2E_DIALECTS)('the witnesses on the integrity page (%s)', (dialect) => {
  let e2e: E2E;
  let witnesses: Witnessing;
  beforeAll(async () => {
    e2e = await startE2E({ dialect, witnesses: true });
    if (e2e.witnessing === null) throw new Error('no witnesses');
    witnesses = e2e.witnessing;
    await e2e.user('monitor', 'mon');
  }, 180_000);
  afterAll(() => e2e.close());

  /** The verdict of the browser's own quorum check, once it is shown. */
  const verdict = async (page: Page, state: string) => {
    const v = page.locator(
      `[data-testid="witness-quorum"] [data-testid="quorum-verdict"][data-state="${state}"]`,
    );
    await v.waitFor();
    return (await v.textContent()) ?? '';
  };

  it('checks the quorum in the browser, with the published or a pasted policy, and shows refusals', async () => {
    await witnesses.grow(3);
    const page = await e2e.page();
    await e2e.signIn(page, 'mon');
    await nav(page).getByRole('link', { name: 'Цілісність журналу' }).click();
    await page.getByRole('heading', { name: 'Незалежні свідки' }).waitFor();
    expect(await verdict(page, 'not_witnessed')).toContain(
      'Жоден свідок ще не підписав контрольної точки',
    );

    // One witness of a 2-of-2 policy: shown as no quorum, naming who cosigned.
    const lone = await witnesses.cosign(['w1']);
    await page.reload();
    const short = await verdict(page, 'no_quorum');
    expect(short).toContain('Кворум 2 of (w1, w2) не досягнуто');
    expect(short).toContain(`до запису № ${String(lone - 1)} підписали лише w1`);

    // Both cosign, then the log grows past the witnessed checkpoint.
    await witnesses.grow(2);
    const witnessed = await witnesses.cosign(['w1', 'w2']);
    const size = await witnesses.grow(4);
    await page.reload();
    const ok = await verdict(page, 'witnessed');
    expect(ok).toContain(
      `Кворум 2 of (w1, w2) засвідчив журнал до запису № ${String(witnessed - 1)}`,
    );
    expect(ok).toContain('підписали w1, w2');
    expect(ok).toContain(`Ще не засвідчено пізніших записів: ${String(size - witnessed)}`);
    expect(ok).toContain('доведено є ранішим станом останньої');
    await page.getByText('Політика: опублікована журналом.').waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'integrity-witnesses');

    // A policy pasted by the user that names another log is refused; the published one again.
    await page.getByText('Перевірити за власною політикою').click();
    const other = witnesses.policyText.replace(
      /^log \S+/m,
      `log ${generateSignerKey('custody.e2e/log').vkey}`,
    );
    await page.getByLabel('Політика свідків (c2sp.org/tlog-policy)').fill(other);
    await page.getByRole('button', { name: 'Перевірити', exact: true }).click();
    const foreign = await verdict(page, 'broken');
    expect(foreign).toContain('Політика не називає ключа цього журналу (custody.e2e/log)');
    expect(await page.getByRole('alert').count()).toBeGreaterThan(0);
    await page
      .getByLabel('Політика свідків (c2sp.org/tlog-policy)')
      .fill(witnesses.policyText.replace('group both 2', 'group both any'));
    await page.getByRole('button', { name: 'Перевірити', exact: true }).click();
    expect(await verdict(page, 'witnessed')).toContain('Кворум 1 of (w1, w2) засвідчив');
    await page.getByText('Політика: вставлена вами.').waitFor();
    await e2e.screenshots(page, 'integrity-witnesses-pasted');
    await page.getByRole('button', { name: 'Повернути опубліковану' }).click();
    expect(await verdict(page, 'witnessed')).toContain('Кворум 2 of (w1, w2)');

    // A witness refuses (the log went back): the alert the server keeps is on the page.
    await witnesses.refuse(
      'w2',
      409,
      `the witness holds a tree of ${String(size + 5)} entries, larger than the log's ${String(size)}: the log was rolled back or truncated`,
    );
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: 'Свідок w2 відмовився' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('(HTTP 409)');
    expect(await alert.textContent()).toContain('rolled back or truncated');
    await e2e.screenshots(page, 'integrity-witnesses-alert');

    // The same in English.
    await page.getByRole('button', { name: 'ENG' }).click();
    const english = await verdict(page, 'witnessed');
    expect(english).toContain('Witnessed');
    expect(english).toContain(
      `The quorum 2 of (w1, w2) has witnessed the log up to entry ${String(witnessed - 1)}: cosigned by w1, w2`,
    );
    await page.getByRole('alert').filter({ hasText: 'Witness w2 refused to cosign' }).waitFor();
    e2e.assertClean(page);
    await page.close();
  });

  it('the record page’s check verifies the witnessed checkpoint of the record’s proofs', async () => {
    await e2e.user('custody_inspector', 'olena');
    const inspector = await apiSession(e2e.baseUrl, 'olena');
    const { recordId: _omit, ...payload } = detentionPayload;
    const opened = await inspector.post('/records', { occurredAt: minute(-50), payload });
    expect(opened.status, JSON.stringify(opened.json)).toBe(201);
    const recordId = (opened.json as { recordId: string }).recordId;
    // Both witnesses cosign a checkpoint holding the record; the log then grows past it.
    const witnessed = await witnesses.cosign(['w1', 'w2']);
    await witnesses.grow(2);

    const page = await e2e.page();
    await e2e.signIn(page, 'olena');
    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    const check = async (state: string) => {
      await page.getByRole('button', { name: 'Перевірити цю картку' }).click();
      const v = page.locator(`[data-testid="record-witness"][data-state="${state}"]`);
      await v.waitFor();
      return (await v.textContent()) ?? '';
    };
    const all = await check('witnessed');
    expect(all).toContain(
      `Засвідчено незалежними свідками (2 з 2) до запису № ${String(witnessed - 1)}: w1, w2.`,
    );
    expect(all).toContain('Усі записи цієї картки (1) свідки бачили.');
    expect(await page.locator('.verify-banner').textContent()).toContain('Усі записи перевірено');
    await e2e.axe(page);
    await e2e.screenshots(page, 'record-witnessed');

    // A later entry of the record, not yet cosigned: the witnesses saw one of two.
    const delivered = await inspector.post(`/records/${recordId}/commands/RecordDelivery`, {
      occurredAt: minute(-30),
      expectedVersion: 1,
      payload: { unitId: e2e.seed.unitId },
    });
    expect(delivered.status, JSON.stringify(delivered.json)).toBe(201);
    const some = await check('witnessed');
    expect(some).toContain('Свідки бачили записів цієї картки: 1 з 2');

    // A consistency proof bent on its way to the browser: an alert, not a witnessed record.
    await page.route('**/api/v1/records/*/proofs*', async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as {
        witnessed: { consistencyProof: string[] } | null;
      };
      const first = json.witnessed?.consistencyProof[0];
      if (json.witnessed && first !== undefined) {
        json.witnessed.consistencyProof[0] = `${first.startsWith('A') ? 'B' : 'A'}${first.slice(1)}`;
      }
      await route.fulfill({ response, json });
    });
    const bent = await check('broken');
    expect(bent).toContain('Перевірка свідків НЕ пройдена');
    expect(bent).toContain('журнал розгалужено або відкочено');
    await page.getByRole('alert').filter({ hasText: 'Перевірка свідків НЕ пройдена' }).waitFor();
    await e2e.screenshots(page, 'record-witness-alert');
    await page.unroute('**/api/v1/records/*/proofs*');

    await page.getByRole('button', { name: 'ENG' }).click();
    await page.getByRole('button', { name: 'Verify this record' }).click();
    const english = page.locator('[data-testid="record-witness"][data-state="witnessed"]');
    await english.waitFor();
    expect(await english.textContent()).toContain(
      `Witnessed by independent witnesses (2 of 2) up to entry ${String(witnessed - 1)}: w1, w2.`,
    );
    e2e.assertClean(page);
    await page.close();
  });
});
