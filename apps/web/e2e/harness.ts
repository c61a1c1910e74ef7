/* eslint-disable no-restricted-imports -- the browser-test harness runs in Node and starts the real server */
import { execSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@custody/contracts';
import {
  cosignerFromSkey,
  generateCosignerKey,
  generateSignerKey,
  parsePolicy,
  signerFromSkey,
  type Policy,
} from '@custody/ledger';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createRoom, createUnit, createUser } from '../../server/src/accounts/index.ts';
import { apiMigrations, buildApp, type App } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import type { Database, DialectName } from '../../server/src/db/database.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { timeOrderedId } from '../../server/src/ids.ts';
import { openLiveBus } from '../../server/src/live/open-live-bus.ts';
import { recordRefLookup } from '../../server/src/projections/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/src/demo/demo-staff.ts';
import { seedDemo, type SeedResult } from '../../server/src/demo/seed-demo.ts';
import { defaultCustodySettings } from '../../server/src/records/index.ts';
import {
  createEventStore,
  storeMigrations,
  type EventStore,
} from '../../server/src/store/index.ts';
import { saveCosignature, saveWitnessStatus } from '../../server/src/witnessing/witnessing.db.ts';
import { DIALECTS, freshDatabase } from '../../server/test/databases.ts';
import { totpCode } from './totp.ts';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = join(here, '..');
const dist = join(webDir, 'dist');

export const PASSWORD = 'correct horse battery staple';
/** base32 TOTP secret seeded for every user whose role requires a second factor. */
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Seed {
  readonly unitId: string;
  readonly otherUnitId: string;
  readonly unitName: string;
}

/** One console or page error seen in the browser; any of them fails the test. */
interface BrowserError {
  readonly kind: 'console' | 'pageerror';
  readonly text: string;
}

/**
 * Network refusals the app handles in its UI: Chromium logs them as console
 * errors ("Failed to load resource"), so they are allowed by URL and status.
 * The signed-out probe and every refused sign-in are 401 on /api/v1/session; a log without
 * witnesses answers 404 for its witness policy, which the record page's check reads as "no
 * policy" (publishedWitnessPolicy).
 */
const HANDLED_HTTP: readonly { path: string; status: number }[] = [
  { path: '/api/v1/session', status: 401 },
  { path: '/api/v1/integrity/witness-policy', status: 404 },
];

function handledHttp(text: string, url: string | undefined): boolean {
  const status = /status of (\d{3})/.exec(text)?.[1];
  if (!status || !url) return false;
  const path = new URL(url).pathname;
  return HANDLED_HTTP.some((h) => h.path === path && String(h.status) === status);
}

/**
 * The databases the browser suites run on: both by default (issue 6: every screen works against
 * the real server on SQLite and PostgreSQL); `E2E_DIALECTS=sqlite` narrows a local run.
 */
export const E2E_DIALECTS: readonly DialectName[] = (() => {
  const wanted = process.env['E2E_DIALECTS'];
  if (!wanted) return DIALECTS;
  const list = wanted.split(',').map((d) => d.trim());
  const unknown = list.filter((d) => !(DIALECTS as readonly string[]).includes(d));
  if (unknown.length) throw new Error(`E2E_DIALECTS: unknown dialect ${unknown.join(', ')}`);
  return DIALECTS.filter((d) => list.includes(d));
})();

export interface StartOptions {
  /** The database the real server runs on: a fresh one per run, dropped by `close`. */
  readonly dialect?: DialectName;
  /** A witnessed log: a 2-of-2 policy of witnesses `w1` and `w2` (see {@link Witnessing}). */
  readonly witnesses?: boolean;
  /**
   * Seeds the demo (`custody seed`: three units, staff in every role, its active records and
   * this many closed ones) besides the harness's own units; its people sign in with
   * `signIn(page, username, { demo: true })`.
   */
  readonly demo?: { readonly closed: number };
}

/**
 * The witnesses of a witnessed e2e log, driven from the test: their cosignatures and refusals
 * are stored as the server's submitter stores the answers of real witnesses (the submitter and
 * the witness processes themselves are tested in apps/server/test/witnessing-drills).
 */
export interface Witnessing {
  /** The log's c2sp.org/tlog-policy: its key, `w1`, `w2`, quorum 2 of 2. */
  readonly policyText: string;
  /** Appends `n` entries to a new stream of the log; the log's new size. */
  grow(n: number): Promise<number>;
  /** The named witnesses cosign the latest checkpoint; its size. */
  cosign(names: readonly ('w1' | 'w2')[]): Promise<number>;
  /** A witness refused the latest checkpoint with `status`, as the submitter records it. */
  refuse(name: 'w1' | 'w2', status: number, alert: string): Promise<void>;
}

export interface E2E {
  readonly baseUrl: string;
  /** Where `screenshots` writes (SCREENSHOT_DIR; PostgreSQL's in a subfolder), for other PNGs. */
  readonly shotDir: string;
  /**
   * Changes a file of this run's copy of apps/web/dist, which the server serves (a new release
   * of the service worker, say); its precompressed copies go, so the server sends the change.
   */
  changeWebFile(name: string, change: (text: string) => string): void;
  readonly dialect: DialectName;
  readonly seed: Seed;
  /** Present when started with `witnesses: true`. */
  readonly witnessing: Witnessing | null;
  /** The demo, when `startE2E` was asked for it. */
  readonly demo: SeedResult | undefined;
  /** Seeds a user (argon2id, through the accounts module) and returns its username. */
  user(role: Role, username: string, unitId?: string | null): Promise<string>;
  /** A fresh page whose console and page errors are collected for `assertClean`. */
  page(): Promise<Page>;
  /**
   * Throws if the page logged any console error (other than handled HTTP refusals) or threw;
   * `allow` names console errors a test causes on purpose (a cut network logs each failed load).
   */
  assertClean(page: Page, allow?: readonly RegExp[]): void;
  /** Runs axe-core in the page; throws on any serious or critical violation. */
  axe(page: Page): Promise<void>;
  /** Full-page PNGs at 768 and 1920 px wide; returns the file paths. */
  screenshots(page: Page, name: string): Promise<string[]>;
  /**
   * Signs in through the form, answering the TOTP step when the server asks for it; `demo`: a
   * demo account (the demo's password and TOTP secret).
   */
  signIn(page: Page, username: string, options?: { totp?: boolean; demo?: boolean }): Promise<void>;
  close(): Promise<void>;
}

function ensureBuilt(): void {
  if (existsSync(join(dist, 'index.html'))) return;
  execSync('npx vite build && node scripts/precompress.mjs', { cwd: webDir, stdio: 'inherit' });
}

async function seedUnits(database: Database): Promise<Seed> {
  const unitName = 'Шевченківське УП';
  const own = await createUnit(database, { name: unitName, code: 'KYIV-SHEV' });
  const other = await createUnit(database, { name: 'Подільське УП', code: 'KYIV-POD' });
  await createRoom(database, own.id, {
    name: 'Камера 1',
    kind: 'cell',
    capacity: 2,
    parentId: null,
  });
  return { unitId: own.id, otherUnitId: other.id, unitName };
}

const ORIGIN = 'custody.e2e/log';

/** The event store, ids, settings and live bus that serve custody records, whiteboard and SSE. */
async function custodyDeps(database: Database, skey: string) {
  const signer = signerFromSkey(skey);
  const store = await createEventStore({ database, signer, origin: ORIGIN });
  return {
    store,
    vkey: signer.vkey,
    signer,
    ids: timeOrderedId,
    settings: defaultCustodySettings(),
    live: await openLiveBus(database),
    recordRef: recordRefLookup(database),
  };
}

const TOTP_ROLES: readonly Role[] = ['supervisor', 'hq', 'admin'];
const UNITLESS: readonly Role[] = ['hq', 'monitor', 'lawyer', 'admin'];

/**
 * Starts the real server (buildApp on a fresh, migrated database of the given dialect, SQLite by
 * default, serving a copy of apps/web/dist) on a free loopback port, and headless Chromium. PostgreSQL gets
 * a database of its own with a random name (apps/server/test/databases.ts), dropped by `close`.
 */
export async function startE2E(options: StartOptions = {}): Promise<E2E> {
  const dialect = options.dialect ?? 'sqlite';
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'custody-e2e-'));
  // A copy of the build per run: a rebuild of apps/web/dist while a suite runs (another
  // engineer's `npm run build` in the same checkout) would otherwise swap the hashed assets
  // under the pages.
  const webRoot = join(dir, 'web');
  cpSync(dist, webRoot, { recursive: true });
  const database = await freshDatabase(dialect);
  await migrate(database, [...storeMigrations, ...apiMigrations]);
  const seed = await seedUnits(database);
  const config = { ...loadConfig({}), keyFile: join(dir, 'signing.key') };
  const logKey = generateSignerKey(ORIGIN);
  const custody = await custodyDeps(database, logKey.skey);
  const witnesses =
    options.witnesses === true ? witnessesOf(database, custody.store, logKey.vkey) : null;
  const demo = options.demo
    ? await seedDemo(
        { database, store: custody.store },
        { now: new Date(), closed: options.demo.closed, settings: custody.settings.decide },
      )
    : undefined;
  const app: App = await buildApp({
    database,
    clock: () => new Date(),
    config,
    webRoot,
    ...custody,
    ...(witnesses === null ? {} : { witnessPolicy: witnesses.policy }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  // Playwright gives the launched browser a fresh temporary profile (user-data dir);
  // each page gets its own context, so cookies and localStorage never leak between tests.
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const errors = new WeakMap<Page, BrowserError[]>();
  const axeSource = readFileSync(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  );
  // The same screens on PostgreSQL go to a subfolder, so neither run overwrites the other's.
  const shotRoot = process.env['SCREENSHOT_DIR'] ?? join(tmpdir(), 'custody-screenshots');
  const shotDir = dialect === 'sqlite' ? shotRoot : join(shotRoot, dialect);
  mkdirSync(shotDir, { recursive: true });
  /** Context closes started when a page closes; `close` waits for them before the browser goes. */
  const closing = new Set<Promise<void>>();

  return {
    baseUrl,
    shotDir,
    dialect,
    seed,
    changeWebFile(name, change) {
      const file = join(webRoot, name);
      rmSync(`${file}.br`, { force: true });
      rmSync(`${file}.gz`, { force: true });
      writeFileSync(file, change(readFileSync(file, 'utf8')));
    },
    witnessing: witnesses?.witnessing ?? null,
    demo,
    async user(role, username, unitId) {
      await createUser(database, {
        username,
        password: PASSWORD,
        displayName: `${username[0]?.toUpperCase() ?? ''}${username.slice(1)} Тест`,
        role,
        unitId: unitId === undefined ? (UNITLESS.includes(role) ? null : seed.unitId) : unitId,
        ...(TOTP_ROLES.includes(role) ? { totpSecret: TOTP_SECRET } : {}),
      });
      return username;
    },
    async page() {
      const context = await browser.newContext({
        viewport: { width: 1920, height: 1080 },
        locale: 'uk-UA',
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.once('close', () => {
        const done = context.close().catch(() => undefined);
        closing.add(done);
        void done.then(() => closing.delete(done));
      });
      const list: BrowserError[] = [];
      errors.set(page, list);
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        if (handledHttp(msg.text(), msg.location().url)) return;
        list.push({ kind: 'console', text: `${msg.text()} @ ${msg.location().url}` });
      });
      page.on('pageerror', (error) => {
        list.push({ kind: 'pageerror', text: error.stack ?? error.message });
      });
      return page;
    },
    assertClean(page, allow = []) {
      const list = (errors.get(page) ?? []).filter(
        (e) => e.kind !== 'console' || !allow.some((a) => a.test(e.text)),
      );
      if (list.length) {
        throw new Error(`browser errors:\n${list.map((e) => `${e.kind}: ${e.text}`).join('\n')}`);
      }
    },
    async axe(page) {
      const present = await page.evaluate(() => 'axe' in window);
      // Evaluated over CDP: the app's Content-Security-Policy rightly refuses an inline <script>.
      if (!present) await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: AxeLike }).axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${v.impact ?? ''} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
          );
      });
      if (violations.length) throw new Error(`axe violations:\n${violations.join('\n')}`);
    },
    async screenshots(page, name) {
      const paths: string[] = [];
      for (const [width, height] of [
        [768, 1024],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        const path = join(shotDir, `${name}-${width}.png`);
        await page.screenshot({ path, fullPage: true });
        paths.push(path);
      }
      await page.setViewportSize({ width: 1920, height: 1080 });
      return paths;
    },
    async signIn(page, username, options = {}) {
      await page.goto(`${baseUrl}/`);
      await page.locator('input[name="username"]').fill(username);
      await page.locator('input[name="password"]').fill(options.demo ? DEMO_PASSWORD : PASSWORD);
      await page.locator('form button[type="submit"]').click();
      if (options.totp) {
        const field = page.locator('input[name="totp"]');
        await field.waitFor();
        await field.fill(totpCode(options.demo ? DEMO_TOTP_SECRET : TOTP_SECRET, Date.now()));
        await page.locator('form button[type="submit"]').click();
      }
      await page.locator('.app-nav').waitFor();
    },
    async close() {
      await Promise.all(closing);
      await browser.close();
      await app.close();
      await custody.live.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Two witness keys, the 2-of-2 policy naming them and the log, and their driver. */
function witnessesOf(
  database: Database,
  store: EventStore,
  logVkey: string,
): { policy: Policy; witnessing: Witnessing } {
  const keys = {
    w1: generateCosignerKey('w1.e2e.example/witness'),
    w2: generateCosignerKey('w2.e2e.example/witness'),
  };
  const policyText = [
    `log ${logVkey}`,
    `witness w1 ${keys.w1.vkey}`,
    `witness w2 ${keys.w2.vkey}`,
    'group both 2 w1 w2',
    'quorum both',
    '',
  ].join('\n');
  const latest = async () => {
    const cp = await store.latestCheckpoint();
    if (cp === null) throw new Error('no checkpoint yet');
    return cp;
  };
  const witnessing: Witnessing = {
    policyText,
    async grow(n) {
      const at = new Date().toISOString();
      const events = Array.from({ length: n }, (_, i) => ({
        id: crypto.randomUUID(),
        type: 'WitnessProbe',
        occurredAt: at,
        recordedAt: at,
        actor: { id: 'e2e', role: 'admin' as const },
        payload: { i },
      }));
      await store.append(crypto.randomUUID(), 0, events);
      return (await latest()).size;
    },
    async cosign(names) {
      const cp = await latest();
      const text = cp.note.slice(0, cp.note.indexOf('\n\n') + 1);
      const ts = Math.floor(Date.now() / 1000);
      const now = new Date().toISOString();
      for (const name of names) {
        const line = cosignerFromSkey(keys[name].skey).cosignLine(text, ts);
        await saveCosignature(
          database,
          { witness: name, size: cp.size, line, cosignedAt: ts },
          now,
        );
        await saveWitnessStatus(
          database,
          name,
          { size: cp.size, lastStatus: 200, lastError: null, clearAlert: true },
          now,
        );
      }
      return cp.size;
    },
    async refuse(name, status, alert) {
      await saveWitnessStatus(
        database,
        name,
        { lastStatus: status, lastError: null, alert },
        new Date().toISOString(),
      );
    },
  };
  return { policy: parsePolicy(policyText), witnessing };
}

interface AxeLike {
  run(
    context: Document,
    options: { resultTypes: string[] },
  ): Promise<{
    violations: {
      id: string;
      impact?: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  }>;
}
