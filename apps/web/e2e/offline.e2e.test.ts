import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, choose, submitDialog, type ApiSession } from './duty.ts';
import { E2E_DIALECTS, PASSWORD, startE2E, type E2E } from './harness.ts';

/** What Chromium logs for each request made while the network is cut. */
const NO_NETWORK = /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED @ /;

/** The outbox entry as the page keeps it in IndexedDB (features/offline/outbox.ts). */
interface StoredEntry {
  entryId: string;
  seq: number;
  state: string;
  signed: string | null;
  result: { logIndex: number; receivedAt: string; recordId: string } | null;
}

/** Waits until the service worker controls the page, so that a reload offline is served by it. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller === null) {
      await new Promise((resolve) => {
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true });
      });
    }
  });
}

/** The tablet's outbox, read from IndexedDB in the page. */
function outboxEntries(page: Page): Promise<StoredEntry[]> {
  return page.evaluate(
    () =>
      new Promise<StoredEntry[]>((resolve, reject) => {
        const open = indexedDB.open('custody-outbox');
        open.onerror = () => {
          reject(new Error(String(open.error)));
        };
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('entries').objectStore('entries').index('seq').getAll();
          get.onsuccess = () => {
            db.close();
            resolve(get.result as StoredEntry[]);
          };
          get.onerror = () => {
            reject(new Error(String(get.error)));
          };
        };
      }),
  );
}

async function deviceIdOf(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('custody-outbox');
        open.onerror = () => {
          reject(new Error(String(open.error)));
        };
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('device').objectStore('device').get('current');
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { deviceId: string }).deviceId);
          };
        };
      }),
  );
}

/**
 * Whether the tablet still holds `text` anywhere a browser keeps data for the app: every
 * IndexedDB store of the outbox, every response in Cache Storage, local and session storage.
 */
function deviceHolds(page: Page, text: string): Promise<boolean> {
  return page.evaluate(async (needle) => {
    const seen: string[] = [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('custody-outbox');
      open.onsuccess = () => {
        resolve(open.result);
      };
      open.onerror = () => {
        reject(new Error(String(open.error)));
      };
    });
    for (const name of Array.from(db.objectStoreNames)) {
      const all = await new Promise<unknown[]>((resolve) => {
        const get = db.transaction(name).objectStore(name).getAll();
        get.onsuccess = () => {
          resolve(get.result);
        };
      });
      seen.push(JSON.stringify(all));
    }
    db.close();
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname.startsWith('/assets/')) continue;
        seen.push(await ((await cache.match(request))?.text() ?? Promise.resolve('')));
      }
    }
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i) ?? '';
        seen.push(`${key}=${storage.getItem(key) ?? ''}`);
      }
    }
    return seen.some((s) => s.includes(needle));
  }, text);
}

/**
 * Enrols the tablet from the status line: the dialog offers a readable name (never the raw
 * user-agent string), takes `name` if given, and the officer's password, which the server checks.
 */
async function enrolFromDialog(page: Page, name?: string): Promise<void> {
  await page.getByRole('button', { name: 'Зареєструвати планшет' }).click();
  const dialog = page.getByRole('dialog', { name: 'Реєстрація планшета' });
  const field = dialog.getByLabel('Назва планшета');
  if (name === undefined) expect(await field.inputValue()).toMatch(/^(Chromium|Chrome) · Linux$/);
  else await field.fill(name);
  await dialog.getByLabel('Ваш пароль').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Зареєструвати', exact: true }).click();
  await page.getByTestId('outbox-status').waitFor();
  expect(await dialog.isVisible()).toBe(false);
}

/**
 * Signs in, waits for the service worker and enrols the tablet. With `reloaded`, the page is
 * reloaded online before enrolling, as a tablet opened on an existing session: the password
 * was never typed on this page, so only enrolment gives the tablet its unlock hash.
 */
async function enrolledTablet(
  e2e: E2E,
  username: string,
  given?: Page,
  options: { readonly name?: string; readonly reloaded?: boolean } = {},
): Promise<Page> {
  const page = given ?? (await e2e.page());
  await page.setViewportSize({ width: 768, height: 1024 });
  await e2e.signIn(page, username);
  await controlled(page);
  if (options.reloaded === true) {
    await page.reload();
    await page.locator('.app-nav').waitFor();
    await controlled(page);
  }
  await enrolFromDialog(page, options.name);
  return page;
}

/** Fills the detention screen with the minimum fields and submits it. */
async function recordDetention(page: Page, name: string): Promise<void> {
  await page.getByLabel('Прізвище, ім’я, по батькові').fill(name);
  await page.getByLabel('Місце затримання').fill('с. Липівка, траса Н-07, 112 км');
  await page
    .getByLabel('Підстави затримання — факти')
    .fill('Застигнутий під час крадіжки пального з вантажівки.');
  await choose(page, 'Стать (щоб розміщувати окремо)', 'Чоловік');
  await page.getByRole('button', { name: 'Відкрити картку' }).click();
}

async function unsent(page: Page): Promise<number> {
  return Number(await page.getByTestId('outbox-status').getAttribute('data-unsent'));
}

/** Opens the detention screen, cuts the network and records one detention into the outbox. */
async function detentionOffline(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Нове затримання' }).click();
  await page.getByRole('heading', { name: 'Фактичне затримання' }).waitFor();
  await page.context().setOffline(true);
  const before = await unsent(page);
  await recordDetention(page, name);
  await expect.poll(() => unsent(page)).toBe(before + 1);
}

async function recordsNamed(officer: ApiSession, name: string): Promise<{ id: string }[]> {
  const r = await officer.get(`/records?q=${encodeURIComponent(name)}`);
  return (r.json as { items: { id: string }[] }).items;
}

interface DeviceRow {
  deviceId: string;
  lastSeq: number;
  gaps: number;
  forks: number;
  revokedAt: string | null;
}

async function deviceRow(session: ApiSession, deviceId: string): Promise<DeviceRow | undefined> {
  const r = await session.get('/devices');
  return (r.json as { items: DeviceRow[] }).items.find((d) => d.deviceId === deviceId);
}

interface RecordRead {
  summary: { personName?: string | null };
  timeline: {
    eventId: string;
    type: string;
    logIndex: number;
    device?: {
      deviceId: string;
      seq: number;
      deviceTime: string;
      offsetMs: number | null;
      correctedTime: string;
      receivedAt: string;
      chain: string;
    } | null;
  }[];
}

describe.each(E2E_DIALECTS)('offline field entry in Chromium (%s)', (dialect) => {
  let e2e: E2E;
  let officer: ApiSession;
  beforeAll(async () => {
    e2e = await startE2E({ dialect });
    await e2e.user('detaining_officer', 'taras');
    await e2e.user('detaining_officer', 'bohdan');
    await e2e.user('detaining_officer', 'vasyl');
    await e2e.user('detaining_officer', 'yurii');
    await e2e.user('detaining_officer', 'mykola');
    await e2e.user('supervisor', 'sofia');
    await e2e.user('detaining_officer', 'petro');
    await e2e.user('supervisor', 'oksana');
    officer = await apiSession(e2e.baseUrl, 'taras');
  });
  afterAll(async () => {
    await e2e.close();
  });

  it('N entries offline, a reload offline from the service worker, reconnect: exactly N acknowledged, in order, once each', async () => {
    const N = 3;
    // Enrolled after a reload: the unlock hash comes from the password given at enrolment.
    const page = await enrolledTablet(e2e, 'taras', undefined, { reloaded: true });
    const context: BrowserContext = page.context();
    const deviceId = await deviceIdOf(page);
    await page.getByRole('link', { name: 'Нове затримання' }).click();
    await page.getByRole('heading', { name: 'Фактичне затримання' }).waitFor();

    await context.setOffline(true);
    const names = Array.from({ length: N }, (_, i) => `Офлайн Особа ${String(i + 1)}`);
    for (const [i, name] of names.entries()) {
      if (i > 0) await page.getByRole('link', { name: 'Нове затримання' }).click();
      await recordDetention(page, name);
      await page.getByText('Немає зв’язку: запис збережено на планшеті').first().waitFor();
      // The entries at the scene come next, for this detention.
      await page.getByText(`Затриманий: ${name}`).waitFor();
      await expect.poll(() => unsent(page)).toBe(i + 1);
    }
    await e2e.screenshots(page, 'offline-saved');

    await page.reload();
    // Opened without signal, the tablet asks for the officer's password first (checked on it).
    const lock = page.getByTestId('idle-lock');
    await lock.waitFor();
    expect(await page.getByRole('heading', { name: 'Записи на місці затримання' }).count()).toBe(0);
    await e2e.screenshots(page, 'offline-start-locked');
    await lock.getByLabel('Пароль').fill('not the password');
    await lock.getByRole('button', { name: 'Розблокувати' }).click();
    await lock.getByText('Неправильний пароль. Залишилося спроб: 4.').waitFor();
    await lock.getByLabel('Пароль').fill(PASSWORD);
    await lock.getByRole('button', { name: 'Розблокувати' }).click();
    await page.getByRole('heading', { name: 'Записи на місці затримання' }).waitFor();
    await expect.poll(() => unsent(page)).toBe(N);
    const kept = await outboxEntries(page);
    expect(kept.map((e) => [e.seq, e.state])).toEqual(names.map((_, i) => [i + 1, 'pending']));
    expect(await deviceHolds(page, names[0] ?? '')).toBe(true);
    expect(kept.every((e) => e.signed !== null)).toBe(true);
    await e2e.screenshots(page, 'offline-reloaded');

    await context.setOffline(false);
    await expect.poll(() => unsent(page), { timeout: 20_000 }).toBe(0);
    const acked = await outboxEntries(page);
    expect(acked.map((e) => e.state)).toEqual(names.map(() => 'accepted'));
    // Personal data leaves the tablet once the server holds it; the receipt stays.
    expect(acked.every((e) => e.signed === null)).toBe(true);
    for (const name of names) expect(await deviceHolds(page, name)).toBe(false);
    const logIndexes = acked.map((e) => e.result?.logIndex ?? -1);
    expect([...logIndexes].sort((a, b) => a - b)).toEqual(logIndexes);

    // The server: exactly N records, one per entry, in device order, each once.
    const list = await officer.get('/records?limit=50');
    const items = (list.json as { items: { id: string; person: { displayName: string } }[] }).items;
    expect(items.map((r) => r.person.displayName).sort()).toEqual([...names].sort());
    expect(await deviceRow(officer, deviceId)).toMatchObject({ lastSeq: N, gaps: 0, forks: 0 });
    const seqs: number[] = [];
    for (const e of acked) {
      const read = await officer.get(`/records/${e.result?.recordId ?? ''}`);
      const record = read.json as RecordRead;
      const opened = record.timeline.filter((t) => t.device !== null && t.device !== undefined);
      expect(opened).toHaveLength(1);
      expect(opened[0]?.eventId).toBe(e.entryId);
      seqs.push(opened[0]?.device?.seq ?? 0);
    }
    expect(seqs).toEqual([1, 2, 3]);
    e2e.assertClean(page, [NO_NETWORK]);
    await page.close();
  });

  it('the answer lost after the server committed: the retry is answered with the first answer, one entry', async () => {
    const page = await enrolledTablet(e2e, 'bohdan');
    const context = page.context();
    const deviceId = await deviceIdOf(page);
    const name = 'Втрачена Відповідь';
    await detentionOffline(page, name);

    let first: { results: StoredEntry['result'][] } | null = null;
    let sent = 0;
    const keys: (string | undefined)[] = [];
    await context.route('**/api/v1/devices/*/entries', async (route) => {
      sent += 1;
      keys.push(route.request().headers()['idempotency-key']);
      if (first !== null) {
        await route.continue();
        return;
      }
      // The request reaches the server, which commits; its answer never reaches the tablet.
      const response = await route.fetch();
      first = (await response.json()) as { results: StoredEntry['result'][] };
      await route.abort('connectionreset');
    });
    await context.setOffline(false);
    await expect.poll(() => first !== null).toBe(true);
    expect((await outboxEntries(page)).map((e) => e.state)).toEqual(['pending']);
    expect(await recordsNamed(officer, name)).toHaveLength(1);

    await page.getByRole('button', { name: 'Надіслати зараз' }).click();
    await expect.poll(() => unsent(page)).toBe(0);
    const [acked] = await outboxEntries(page);
    expect(sent).toBeGreaterThanOrEqual(2);
    // Each attempt carried the batch's Idempotency-Key, the same one: the server replays its answer.
    expect(keys[0]).toMatch(/^device-batch-[0-9a-f]{64}$/);
    expect(new Set(keys).size).toBe(1);
    expect(acked?.state).toBe('accepted');
    // The retry got the first answer: the same device leaf, the same receive time.
    expect(acked?.result).toEqual(
      (first as { results: StoredEntry['result'][] } | null)?.results[0],
    );
    const records = await recordsNamed(officer, name);
    expect(records).toHaveLength(1);
    expect(records[0]?.id).toBe(acked?.result?.recordId);
    const bohdan = await apiSession(e2e.baseUrl, 'bohdan');
    expect(await deviceRow(bohdan, deviceId)).toMatchObject({ lastSeq: 1, gaps: 0, forks: 0 });
    const read = (await bohdan.get(`/records/${acked?.result?.recordId ?? ''}`)).json as RecordRead;
    expect(read.timeline.filter((t) => t.type === 'DetentionRecorded')).toHaveLength(1);
    e2e.assertClean(page, [NO_NETWORK, /net::ERR_CONNECTION_RESET/]);
    await page.close();
  });

  it('a device clock 20 minutes fast: the record shows the tablet time, the offset and the corrected time', async () => {
    const FAST = 20 * 60_000;
    const page = await e2e.page();
    await page.clock.install({ time: Date.now() + FAST });
    await page.setViewportSize({ width: 768, height: 1024 });
    await e2e.signIn(page, 'vasyl');
    await controlled(page);
    await enrolFromDialog(page);
    // The enrolment's first sync measures the offset (GET /api/v1/time) just after it.
    const readOffset = () =>
      page.evaluate(
        () =>
          new Promise<number | null>((resolve) => {
            const open = indexedDB.open('custody-outbox');
            open.onsuccess = () => {
              const get = open.result.transaction('device').objectStore('device').get('current');
              get.onsuccess = () => {
                open.result.close();
                const d = get.result as { offset: { offsetMs: number } | null };
                resolve(d.offset?.offsetMs ?? null);
              };
            };
          }),
      );
    await expect.poll(readOffset).not.toBeNull();
    const offset = await readOffset();
    expect(offset).not.toBeNull();
    expect(Math.abs((offset ?? 0) + FAST)).toBeLessThan(5_000);

    const name = 'Годинник Поспішає';
    const saved = Date.now();
    await detentionOffline(page, name);
    await page.context().setOffline(false);
    await expect.poll(() => unsent(page), { timeout: 20_000 }).toBe(0);
    const [acked] = await outboxEntries(page);
    expect(acked?.state).toBe('accepted');
    const recordId = acked?.result?.recordId ?? '';

    const vasyl = await apiSession(e2e.baseUrl, 'vasyl');
    const read = (await vasyl.get(`/records/${recordId}`)).json as RecordRead & {
      summary: { t0: string };
    };
    const opened = read.timeline.find((t) => t.device);
    const stamp = opened?.device;
    expect(stamp).toBeDefined();
    // The tablet's own clock is kept as it was: 20 minutes ahead of the server.
    expect(Date.parse(stamp?.deviceTime ?? '') - saved).toBeGreaterThan(FAST - 10_000);
    expect(Math.abs((stamp?.offsetMs ?? 0) + FAST)).toBeLessThan(5_000);
    // Corrected by the offset, it is within seconds of the server's clock when saved.
    expect(Math.abs(Date.parse(stamp?.correctedTime ?? '') - saved)).toBeLessThan(10_000);
    // The proposed moment of detention came from the corrected clock: not refused as future.
    expect(Math.abs(Date.parse(read.summary.t0) - saved)).toBeLessThan(120_000);

    await page.goto(`${e2e.baseUrl}/records/${recordId}`);
    const shown = page.getByTestId('device-stamp');
    await shown.waitFor();
    const text = (await shown.textContent()) ?? '';
    expect(text).toContain('Час на планшеті');
    expect(text).toMatch(/поспішав на 20 хв \d+ с|поспішав на 19 хв 5\d с/);
    expect(text).toContain('Скоригований час');
    expect(text).toContain('Отримано сервером');
    expect(text).toContain(
      `Підписаний планшетом текстзапис журналу № ${String(acked?.result?.logIndex)}`,
    );
    await shown.scrollIntoViewIfNeeded();
    await e2e.axe(page);
    await e2e.screenshots(page, 'offline-fast-clock-record');
    e2e.assertClean(page, [NO_NETWORK]);
    await page.close();
  });

  it('a revoked tablet: its entries are refused, the screen says so, and the tablet keeps them', async () => {
    const page = await enrolledTablet(e2e, 'yurii');
    const deviceId = await deviceIdOf(page);
    const supervisor = await apiSession(e2e.baseUrl, 'sofia', true);
    const revoked = await supervisor.post(`/devices/${deviceId}/revoke`, {
      reason: 'Планшет загублено під час патрулювання',
    });
    expect(revoked.status).toBe(200);

    const name = 'Відкликаний Планшет';
    await detentionOffline(page, name);
    await page.context().setOffline(false);
    const alert = page.getByTestId('outbox-revoked');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toContain('Планшет відкликано');
    expect(await recordsNamed(officer, name)).toHaveLength(0);
    expect(await alert.textContent()).toContain('не прийнятих сервером: 1');
    const kept = await outboxEntries(page);
    expect(kept.map((e) => [e.state, e.signed !== null])).toEqual([['pending', true]]);
    // Known revoked, the tablet keeps no new entry offline and says why.
    await page.context().setOffline(true);
    await page.getByRole('link', { name: 'Нове затримання' }).click();
    await recordDetention(page, 'Ще Один');
    await page.getByText('Планшет відкликано: запис без зв’язку не збережено').waitFor();
    expect(await outboxEntries(page)).toHaveLength(1);
    await page.context().setOffline(false);
    await e2e.axe(page);
    await e2e.screenshots(page, 'offline-revoked');
    e2e.assertClean(page, [NO_NETWORK, /status of 403 .*\/api\/v1\/devices\//]);
    await page.close();
  });

  it('the supervisor’s dashboard: a forked tablet is flagged with its record, revoked from the screen, and its next sync is refused and shown to the officer', async () => {
    const tablet = await enrolledTablet(e2e, 'petro', undefined, { name: 'Планшет екіпажу 7' });
    const deviceId = await deviceIdOf(tablet);
    await detentionOffline(tablet, 'Перший Запис');
    await tablet.context().setOffline(false);
    await expect.poll(() => unsent(tablet), { timeout: 20_000 }).toBe(0);
    // A copy of the tablet's profile from before its first entry (a restored backup): it numbers
    // its next entry 1 again, after no previous entry, which contradicts the entry 1 received.
    await tablet.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('custody-outbox');
          open.onerror = () => {
            reject(new Error(String(open.error)));
          };
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['device', 'entries'], 'readwrite');
            tx.objectStore('entries').clear();
            const devices = tx.objectStore('device');
            const get = devices.get('current');
            get.onsuccess = () => {
              devices.put({ ...(get.result as object), seq: 0, lastHash: null }, 'current');
            };
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => {
              reject(new Error(String(tx.error)));
            };
          };
        }),
    );
    await detentionOffline(tablet, 'Розгалужений Запис');
    await tablet.context().setOffline(false);
    await expect.poll(() => unsent(tablet), { timeout: 20_000 }).toBe(0);
    const [forked] = await outboxEntries(tablet);
    expect(forked?.seq).toBe(1);
    const forkRecord = forked?.result?.recordId ?? '';
    expect(forkRecord).not.toBe('');

    // The supervisor's dashboard shows the tablet, its officer, its entries and the fork.
    const page = await e2e.page();
    await e2e.signIn(page, 'oksana', { totp: true });
    await page.getByRole('link', { name: 'Планшети', exact: true }).click();
    await page.getByRole('heading', { name: 'Планшети підрозділу' }).waitFor();
    const row = page.locator('tr', { hasText: deviceId.slice(0, 8) }).first();
    await row.waitFor();
    // The name the officer gave at enrolment, not the browser's user-agent string.
    expect(await row.textContent()).toContain('Планшет екіпажу 7');
    expect(await row.textContent()).not.toContain('Mozilla');
    expect(await row.textContent()).toContain('пропусків: 0, розгалужень: 1');
    expect(await row.textContent()).toContain('Діє');
    const fork = page
      .locator('tr', { hasText: 'Розгалуження записів планшета' })
      .filter({ hasText: deviceId.slice(0, 8) });
    expect(await fork.count()).toBe(1);
    expect(await fork.getByRole('link').getAttribute('href')).toBe(`/records/${forkRecord}`);
    await e2e.axe(page);
    await page.setViewportSize({ width: 768, height: 1024 });
    await e2e.axe(page);
    await e2e.screenshots(page, 'devices-dashboard-uk');

    // Revocation from the screen: a reason is required, then the row says revoked.
    await row.getByRole('button', { name: /^Відкликати/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('button[type="submit"]').click();
    await dialog.getByRole('link', { name: /Підстава відкликання/ }).waitFor();
    await e2e.axe(page);
    await dialog.getByLabel('Підстава відкликання').fill('Планшет загублено під час патрулювання');
    await dialog.locator('button[type="submit"]').click();
    await expect
      .poll(async () => (await row.textContent()) ?? '', { timeout: 10_000 })
      .toContain('Відкликано');
    expect(await row.getByRole('button').count()).toBe(0);

    await page.getByRole('button', { name: 'ENG' }).click();
    await page.getByRole('heading', { name: 'Tablets of the unit' }).waitFor();
    expect(await row.textContent()).toContain('gaps: 0, forks: 1');
    const forkEn = page
      .locator('tr', { hasText: 'Fork in the tablet’s entries' })
      .filter({ hasText: deviceId.slice(0, 8) });
    expect(await forkEn.count()).toBe(1);
    await e2e.axe(page);
    await page.setViewportSize({ width: 768, height: 1024 });
    await e2e.axe(page);
    await e2e.screenshots(page, 'devices-dashboard-en');
    e2e.assertClean(page);
    await page.close();

    // The revoked tablet's next sync is refused, and the officer is told; nothing is recorded.
    const name = 'Після Відкликання';
    await detentionOffline(tablet, name);
    await tablet.context().setOffline(false);
    const alert = tablet.getByTestId('outbox-revoked');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('Планшет відкликано');
    expect(await recordsNamed(officer, name)).toHaveLength(0);
    // The officer is not offered the dashboard, and its address refuses them.
    expect(await tablet.getByRole('link', { name: 'Планшети', exact: true }).count()).toBe(0);
    await tablet.goto(`${e2e.baseUrl}/devices`);
    await tablet.getByRole('heading', { name: 'Доступ заборонено' }).waitFor();
    e2e.assertClean(tablet, [NO_NETWORK, /status of 403 .*\/api\/v1\/devices\//]);
    await tablet.close();
  });

  it('an update waiting while the outbox holds entries: no reload until they are sent', async () => {
    const page = await enrolledTablet(e2e, 'taras');
    const context = page.context();
    const name = 'Оновлення Чекає';
    await detentionOffline(page, name);
    // The server is reachable again, but the sync route is not (a captive network, say).
    await context.route('**/api/v1/devices/*/entries', (route) => route.abort('connectionrefused'));
    await context.setOffline(false);

    e2e.changeWebFile('sw.js', (text) => `${text}\n// a new release\n`);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'before the update';
    });
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const banner = page.getByTestId('update-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.getAttribute('data-blocked')).toBe('true');
    expect(await banner.textContent()).toContain('Оновлення зачекає');
    expect(await banner.getByRole('button').count()).toBe(0);
    await e2e.screenshots(page, 'offline-update-waits');
    const marker = () =>
      page.evaluate(() => (window as unknown as { marker?: string }).marker ?? null);
    await page.waitForTimeout(2_000);
    expect(await marker()).toBe('before the update');
    expect(await unsent(page)).toBe(1);

    await context.unroute('**/api/v1/devices/*/entries');
    await page.getByRole('button', { name: 'Надіслати зараз' }).click();
    await expect.poll(() => unsent(page)).toBe(0);
    expect(await recordsNamed(officer, name)).toHaveLength(1);
    await expect.poll(() => banner.getAttribute('data-blocked')).toBe('false');
    // Offered now, still not applied by itself.
    await page.waitForTimeout(1_000);
    expect(await marker()).toBe('before the update');
    await e2e.screenshots(page, 'offline-update-ready');
    await banner.getByRole('button', { name: 'Оновити' }).click();
    await expect.poll(marker).toBeNull();
    await page.getByTestId('outbox-status').waitFor();
    e2e.assertClean(page, [NO_NETWORK, /net::ERR_CONNECTION_REFUSED/]);
    await page.close();
  });

  it('at the scene without signal: delivery start, force used and property taken follow the detention in the outbox and reach the record in order', async () => {
    const page = await e2e.page();
    await page.setViewportSize({ width: 768, height: 1024 });
    await e2e.signIn(page, 'mykola');
    await controlled(page);
    // The enrolment dialog: a name and the password are required; a wrong password is refused
    // by the server and said on its field; nothing is enrolled meanwhile.
    await page.getByRole('button', { name: 'Зареєструвати планшет' }).click();
    const enrol = page.getByRole('dialog', { name: 'Реєстрація планшета' });
    await enrol.getByLabel('Назва планшета').fill('');
    await enrol.getByRole('button', { name: 'Зареєструвати', exact: true }).click();
    await enrol.getByRole('link', { name: /Назва планшета/ }).waitFor();
    await enrol.getByRole('link', { name: /Ваш пароль/ }).waitFor();
    await e2e.axe(page);
    await enrol.getByLabel('Назва планшета').fill('Планшет чергової частини');
    await enrol.getByLabel('Ваш пароль').fill('not the password');
    await enrol.getByRole('button', { name: 'Зареєструвати', exact: true }).click();
    await enrol.getByRole('link', { name: /Неправильний пароль/ }).waitFor();
    expect(await enrol.getByLabel('Ваш пароль').inputValue()).toBe('');
    await e2e.axe(page);
    await e2e.screenshots(page, 'offline-enrol-wrong-password-uk');
    await enrol.getByRole('button', { name: 'Скасувати' }).click();
    expect(await page.getByTestId('outbox-status').count()).toBe(0);
    await page.getByRole('button', { name: 'ENG' }).click();
    await page.getByRole('button', { name: 'Enrol this tablet' }).click();
    const enrolEn = page.getByRole('dialog', { name: 'Enrol this tablet' });
    await enrolEn.getByLabel('Tablet name').waitFor();
    await e2e.axe(page);
    await e2e.screenshots(page, 'offline-enrol-en');
    await enrolEn.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'УКР' }).click();
    await page.getByRole('button', { name: 'Зареєструвати планшет' }).waitFor();
    await e2e.screenshots(page, 'offline-enrol-button-uk');
    await enrolFromDialog(page, 'Планшет чергової частини');
    const name = 'Особа На Місці';
    await detentionOffline(page, name);
    await page.getByRole('heading', { name: 'Записи на місці затримання' }).waitFor();
    await page.getByText(`Затриманий: ${name}`).waitFor();
    const dialog = page.locator('dialog[open]');

    await page.getByRole('button', { name: 'Початок доставлення' }).click();
    expect(await dialog.getByLabel('Куди доставляють').inputValue()).toBe(e2e.seed.unitName);
    await dialog.getByLabel('Конвой').fill('Mykola Тест, Сидоренко С. С.');
    await submitDialog(page);
    await expect.poll(() => unsent(page)).toBe(2);

    await page.getByRole('button', { name: 'Застосування сили' }).click();
    await dialog.getByLabel('Хто застосував силу').selectOption({ label: 'Mykola Тест' });
    await dialog.getByLabel('Який прийом чи засіб').fill('Кайданки');
    await dialog.getByLabel('Чому (обґрунтування)').fill('Чинив опір, намагався втекти.');
    await choose(dialog, 'Є тілесні ушкодження', 'Ні');
    await e2e.axe(page);
    await e2e.screenshots(page, 'offline-field-force');
    await submitDialog(page);
    await expect.poll(() => unsent(page)).toBe(3);

    await page.getByRole('button', { name: 'Опис речей' }).click();
    await dialog.getByLabel('Речі — по одній на рядок').fill('Телефон Nokia, чорний\nГаманець');
    await choose(dialog, 'Підпис затриманого', 'Затриманий підписав');
    await submitDialog(page);
    await expect.poll(() => unsent(page)).toBe(4);
    const listed = page.getByTestId('field-entries').locator('li');
    await expect.poll(() => listed.count()).toBe(4);
    expect(await listed.first().textContent()).toContain('не надіслано');
    await e2e.screenshots(page, 'offline-field-list');

    await page.context().setOffline(false);
    await expect.poll(() => unsent(page), { timeout: 20_000 }).toBe(0);
    const acked = await outboxEntries(page);
    expect(acked.map((e) => [e.seq, e.state])).toEqual([
      [1, 'accepted'],
      [2, 'accepted'],
      [3, 'accepted'],
      [4, 'accepted'],
    ]);
    await page.getByRole('link', { name: 'Перейти до картки' }).waitFor();
    expect(await listed.first().textContent()).toContain('прийнято, запис журналу №');
    await e2e.screenshots(page, 'offline-field-sent');

    const mykola = await apiSession(e2e.baseUrl, 'mykola');
    const recordId = acked[0]?.result?.recordId ?? '';
    const read = (await mykola.get(`/records/${recordId}`)).json as RecordRead;
    const fromDevice = read.timeline.filter((t) => t.device);
    expect(fromDevice.map((t) => [t.type, t.device?.seq])).toEqual([
      ['DetentionRecorded', 1],
      ['DetaineeMoved', 2],
      ['ForceUsed', 3],
      ['PropertyRecorded', 4],
    ]);
    const logIndexes = fromDevice.map((t) => t.logIndex);
    expect([...logIndexes].sort((a, b) => a - b)).toEqual(logIndexes);
    // The wrong password given at enrolment, refused by the server.
    e2e.assertClean(page, [NO_NETWORK, /status of 403 \(Forbidden\) @ \S+\/api\/v1\/devices$/]);
    await page.close();
  });

  it('an enrolled tablet locks after the idle time: the app is hidden, a filled-in form survives, the password unlocks it', async () => {
    const page = await e2e.page();
    await page.clock.install();
    await enrolledTablet(e2e, 'bohdan', page);
    await page.getByRole('link', { name: 'Нове затримання' }).click();
    const field = page.getByLabel('Прізвище, ім’я, по батькові');
    await field.fill('Незбережена Форма');
    await page.clock.fastForward('04:00');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('idle-lock').count()).toBe(0);
    await page.clock.fastForward('01:10');
    const lock = page.getByTestId('idle-lock');
    await lock.waitFor();
    expect(await field.isVisible()).toBe(false);
    expect(await page.locator('.app-nav').isVisible()).toBe(false);
    await e2e.axe(page);
    await e2e.screenshots(page, 'offline-idle-lock');
    await lock.getByLabel('Пароль').fill(PASSWORD);
    await lock.getByRole('button', { name: 'Розблокувати' }).click();
    await lock.waitFor({ state: 'detached' });
    expect(await field.inputValue()).toBe('Незбережена Форма');
    e2e.assertClean(page);
    await page.close();

    // A desk computer (no enrolled tablet) keeps the OS lock only: the duty room's wall
    // whiteboard must not go blank.
    const desk = await e2e.page();
    await desk.clock.install();
    await e2e.signIn(desk, 'bohdan');
    await desk.clock.fastForward('10:00');
    await desk.waitForTimeout(300);
    expect(await desk.getByTestId('idle-lock').count()).toBe(0);
    expect(await desk.locator('.app-nav').isVisible()).toBe(true);
    await desk.close();
  });
});
