import type { E2E } from './harness.ts';

/** Wall-clock helpers for browser tests that compare what a page shows with a zone's clock. */

/** HH:MM of an instant on the clock of a zone. */
export function clock(at: string | number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

/** The `datetime-local` value of an instant on the clock of a zone. */
export function wallInput(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

/**
 * A page in a browser context whose time zone is `timezoneId` (playwright's emulation of the
 * device zone), with its own record of console and page errors.
 */
export async function zonedPage(e2e: E2E, timezoneId: string) {
  const probe = await e2e.page();
  const browser = probe.context().browser();
  await probe.close();
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'uk-UA',
    timezoneId,
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    const path = new URL(msg.location().url || e2e.baseUrl).pathname;
    // The signed-out probe of the session is a handled 401, as in the harness.
    if (msg.type() === 'error' && !(path === '/api/v1/session' && msg.text().includes('401'))) {
      errors.push(msg.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (zone !== timezoneId) throw new Error(`the browser runs in ${zone}, not ${timezoneId}`);
  return { page, errors };
}
