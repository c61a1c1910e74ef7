import type { Page } from 'playwright-core';
import { PASSWORD } from './harness.ts';

/** A second, independent session (its own cookie and CSRF token) talking to the API from Node. */
export interface ApiSession {
  get(path: string): Promise<{ status: number; json: unknown }>;
  post(path: string, body: unknown): Promise<{ status: number; json: unknown }>;
}

export async function apiSession(baseUrl: string, username: string): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username}: ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    async get(path) {
      const r = await fetch(`${baseUrl}/api/v1${path}`, { headers: { cookie } });
      return { status: r.status, json: (await r.json()) as unknown };
    },
    async post(path, body) {
      const r = await fetch(`${baseUrl}/api/v1${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie,
          origin: baseUrl,
          'x-csrf-token': csrfToken,
        },
        body: JSON.stringify(body),
      });
      return { status: r.status, json: (await r.json()) as unknown };
    },
  };
}

/** The record id of the record page the browser is on. */
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
