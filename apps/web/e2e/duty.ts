import type { Locator, Page } from 'playwright-core';
import { PASSWORD, TOTP_SECRET } from './harness.ts';
import { totpCode } from './totp.ts';

/** A second, independent session (its own cookie and CSRF token) talking to the API from Node. */
export interface ApiSession {
  readonly userId: string;
  get(path: string): Promise<{ status: number; json: unknown }>;
  post(path: string, body: unknown): Promise<{ status: number; json: unknown }>;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}

/**
 * Signs in through the API; `totp` adds the current code of the seeded second factor, for the
 * roles that require one (supervisor, HQ, admin).
 */
export async function apiSession(
  baseUrl: string,
  username: string,
  totp = false,
): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({
      username,
      password: PASSWORD,
      ...(totp ? { totp: totpCode(TOTP_SECRET, Date.now()) } : {}),
    }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username}: ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const session = (await response.json()) as { csrfToken: string; user: { id: string } };
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        origin: baseUrl,
        'x-csrf-token': session.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as unknown };
  };
  return {
    userId: session.user.id,
    call,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}

/** The record's current version as `reader` reads it. */
export async function recordVersion(reader: ApiSession, recordId: string): Promise<number> {
  const { status, json } = await reader.get(`/records/${recordId}`);
  const body = json as { summary?: { version: number } };
  if (!body.summary) throw new Error(`record read ${status}: ${JSON.stringify(json)}`);
  return body.summary.version;
}

/**
 * Opens a criminal record (КПК ст. 208, without a ruling) through the API as `officer`, detained
 * at `occurredAt`; returns its id. Anything but 201 throws.
 */
export async function openCriminalRecord(
  officer: ApiSession,
  occurredAt: string,
  detainee: {
    fullName: string;
    place: string;
    grounds?: string;
    juvenile?: boolean;
    /** A foreign national's country; a detainee without one is not a foreigner. */
    nationality?: string;
  },
): Promise<string> {
  const opened = await officer.post('/records', {
    occurredAt,
    payload: {
      person: { kind: 'identified', fullName: detainee.fullName },
      place: { description: detainee.place },
      detainingOfficers: [{ name: 'Павлюк С. О.' }],
      profile: 'ua_criminal_208',
      legalBasis: 'КПК ст. 208 ч. 1 п. 1',
      grounds: detainee.grounds ?? 'Застигнутий під час вчинення крадіжки.',
      juvenile: detainee.juvenile ?? false,
      foreigner: detainee.nationality !== undefined,
      ...(detainee.nationality === undefined ? {} : { nationality: detainee.nationality }),
      language: 'українська',
      bodycamRefs: [],
    },
  });
  if (opened.status !== 201) {
    throw new Error(`open: ${opened.status} ${JSON.stringify(opened.json)}`);
  }
  return (opened.json as { recordId: string }).recordId;
}

/**
 * Records command `type` as `actor` at the record's current version (read as `reader`, who may
 * see it even when the actor may not); anything but 201 throws.
 */
export async function recordCommand(
  reader: ApiSession,
  actor: ApiSession,
  recordId: string,
  command: { type: string; occurredAt: string; payload: unknown },
): Promise<void> {
  const r = await actor.post(`/records/${recordId}/commands/${command.type}`, {
    occurredAt: command.occurredAt,
    expectedVersion: await recordVersion(reader, recordId),
    payload: command.payload,
  });
  if (r.status !== 201) throw new Error(`${command.type}: ${r.status} ${JSON.stringify(r.json)}`);
}

export function recordIdOf(page: Page): string {
  const m = /\/records\/([^/]+)$/.exec(new URL(page.url()).pathname);
  if (!m?.[1]) throw new Error(`not on a record page: ${page.url()}`);
  return decodeURIComponent(m[1]);
}

/** Now, to the minute, as the API wants `occurredAt`. */
export function nowMinute(): string {
  return `${new Date().toISOString().slice(0, 16)}:00Z`;
}

/** Fills a dialog field by its label and submits the open dialog with its primary button. */
export async function submitDialog(page: Page): Promise<void> {
  const dialog = page.locator('dialog[open]');
  await dialog.locator('button[type="submit"]').click();
  await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
  await page.locator('dialog[open]').waitFor({ state: 'hidden' });
}

/** Opens a record action by its id: unfolds its group when folded, then taps its button. */
export async function openAction(page: Page, id: string): Promise<void> {
  const button = page.locator(`.record-actions [data-action="${id}"]`);
  await button.waitFor({ state: 'attached' });
  const group = page.locator(`.record-actions details:has([data-action="${id}"])`);
  if ((await group.count()) > 0 && (await group.getAttribute('open')) === null) {
    await group.locator('> summary').click();
  }
  await button.click();
  await page.locator('dialog[open]').waitFor();
}

/** Chooses one answer of a radio group (a statement is never pre-chosen) by legend and label. */
export async function choose(scope: Page | Locator, legend: string, option: string): Promise<void> {
  await scope
    .getByRole('group', { name: legend, exact: true })
    .getByLabel(option, { exact: true })
    .check();
}

/**
 * Counts the taps (pointer presses) a page receives from now on: what a person on a tablet would
 * do to get something recorded. Returns a reader of the count.
 */
export async function countTaps(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __taps?: number };
    w.__taps = 0;
    document.addEventListener(
      'pointerdown',
      () => {
        w.__taps = (w.__taps ?? 0) + 1;
      },
      { capture: true },
    );
  });
  return () => page.evaluate(() => (window as unknown as { __taps?: number }).__taps ?? 0);
}

/** Selects the first option of a select whose text contains `text`. */
export async function selectByText(select: Locator, text: string): Promise<void> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value ?? '');
}
