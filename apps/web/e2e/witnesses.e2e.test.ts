import { generateSignerKey } from '@custody/ledger';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_DIALECTS, startE2E, type E2E, type Witnessing } from './harness.ts';

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
});
