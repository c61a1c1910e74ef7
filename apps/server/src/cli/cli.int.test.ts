import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Role } from '@custody/domain';
import { generateSignerKey, signerFromSkey, type JsonValue } from '@custody/ledger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/databases.ts';
import { createUnit, createUser } from '../accounts/index.ts';
import { migrate } from '../db/migrate.ts';
import { pdfText } from '../documents/pdf-text.test-kit.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../documents/render-document.ts';
import {
  SAMPLE_EVENTS,
  SAMPLE_PEOPLE,
  SAMPLE_RECORD_ID,
} from '../documents/sample-record.fixture.ts';
import { verifyExtract } from '../documents/verify-extract.ts';
import { allMigrations } from '../ops/serve.ts';
import { rebuildProjections } from '../projections/index.ts';
import { createEventStore } from '../store/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const run = promisify(execFile);
// Every command starts node and tsx afresh: allow for a loaded machine.
const SLOW = { timeout: 600_000 };
const NOW = '2025-03-01T10:00:00.000Z';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function custodyIn(env: Record<string, string>) {
  return async (...args: string[]): Promise<Result> => {
    try {
      const { stdout, stderr } = await run('node', ['bin/custody.mjs', ...args], {
        cwd: root,
        env: { ...process.env, CUSTODY_CONFIG: '', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as Result;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the test states the shape it expects
const parsed = <T>(r: Result): T => JSON.parse(r.stdout) as T;

describe.each(DIALECTS)('custody commands as child processes on %s', (dialect) => {
  let db: TestDatabase;
  let restored: TestDatabase;
  let dir: string;
  let custody: ReturnType<typeof custodyIn>;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    restored = await freshDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'custody-cli-'));
    custody = custodyIn({ DATABASE_URL: db.url, CUSTODY_KEY_FILE: join(dir, 'signing.key') });
  });
  afterAll(async () => {
    await db.drop();
    await restored.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('help, unknown commands and bad options', SLOW, async () => {
    const help = await custody('--help');
    expect(help.code).toBe(0);
    for (const c of [
      'serve',
      'migrate',
      'seed',
      'users',
      'units',
      'cells',
      'key',
      'checkpoint',
      'backup',
      'restore',
      'rebuild-projections',
    ]) {
      expect(help.stdout).toContain(c);
    }
    expect((await custody('frobnicate')).code).toBe(2);
    const bad = await custody('migrate', '--frob');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('custody migrate');
    const badConfig = await custodyIn({ DATABASE_URL: db.url, PORT: 'eighty' })('migrate');
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('PORT');
  });

  test('migrate applies every migration once', SLOW, async () => {
    const first = await custody('migrate', '--json');
    expect(first.code).toBe(0);
    expect(parsed<{ applied: string[] }>(first).applied).toContain('0100-store-log');
    const again = await custody('migrate', '--json');
    expect(parsed<{ applied: string[] }>(again).applied).toEqual([]);
  });

  test(
    'key generate writes a private file and never overwrites; show-vkey prints its vkey',
    SLOW,
    async () => {
      const file = join(dir, 'other.key');
      // The origin is the installation's own: without a terminal it must be given, and a
      // documentation placeholder is refused.
      const unnamed = await custody('key', 'generate', '--out', file);
      expect(unnamed.code).toBe(2);
      expect(unnamed.stderr).toContain('--origin');
      const placeholder = await custody(
        'key',
        'generate',
        '--out',
        file,
        '--origin',
        'custody.example/log',
      );
      expect(placeholder.code).toBe(2);
      expect(placeholder.stderr).toContain('placeholder');
      expect(existsSync(file)).toBe(false);
      const g = await custody(
        'key',
        'generate',
        '--out',
        file,
        '--origin',
        'custody.kyiv.npu.gov.ua/log',
        '--json',
      );
      expect(g.code).toBe(0);
      const { vkey, origin } = parsed<{ vkey: string; origin: string }>(g);
      expect(origin).toBe('custody.kyiv.npu.gov.ua/log');
      expect(vkey.startsWith('custody.kyiv.npu.gov.ua/log+')).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect((await custody('key', 'generate', '--out', file)).code).toBe(1);
      const shown = await custody('key', 'show-vkey', '--key', file);
      expect(shown.stdout.trim()).toBe(vkey);
      expect((await custody('key', 'show-vkey', '--key', join(dir, 'none.key'))).code).toBe(1);
      expect((await custody('key', 'rotate')).code).toBe(2);
    },
  );

  test('units, cells and users', SLOW, async () => {
    expect((await custody('units', 'add', 'T1', '--name', 'Тестовий відділ')).code).toBe(0);
    expect((await custody('units', 'add', 'T1', '--name', 'Інший')).code).toBe(1);
    const units = parsed<{ code: string }[]>(await custody('units', 'list', '--json'));
    expect(units.map((u) => u.code)).toEqual(['T1']);
    expect((await custody('cells', 'add', 'T1', 'Камера 1', '--capacity', '2')).code).toBe(0);
    expect((await custody('cells', 'add', 'NOPE', 'Камера 1')).code).toBe(1);
    expect((await custody('cells', 'add', 'T1', 'Камера 2', '--kind', 'dungeon')).code).toBe(2);
    const cells = parsed<{ name: string; kind: string }[]>(
      await custody('cells', 'list', 'T1', '--json'),
    );
    expect(cells).toMatchObject([{ name: 'Камера 1', kind: 'cell' }]);
    const add = [
      'users',
      'add',
      'ivan',
      '--role',
      'duty_inspector',
      '--name',
      'Іван',
      '--unit',
      'T1',
    ];
    const created = await custody(...add, '--json');
    expect(created.code).toBe(0);
    expect(parsed<{ password: string }>(created).password.length).toBeGreaterThanOrEqual(12);
    expect((await custody(...add)).code).toBe(1);
    expect((await custody('users', 'add', 'x', '--role', 'king', '--name', 'X')).code).toBe(2);
    expect((await custody('users', 'disable', 'ivan')).code).toBe(0);
    expect((await custody('users', 'reset-2fa', 'ivan')).code).toBe(0);
    expect((await custody('users', 'disable', 'nobody')).code).toBe(1);
    const users = parsed<{ username: string; disabled: boolean }[]>(
      await custody('users', 'list', '--json'),
    );
    expect(users).toMatchObject([{ username: 'ivan', disabled: true }]);
  });

  test('seed refuses a non-empty database', SLOW, async () => {
    const r = await custody('seed', '--closed', '5');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not empty');
  });

  test(
    'the seeded demo verifies; checkpoint, rebuild, backup and restore keep it so',
    SLOW,
    async () => {
      const seededDb = await freshDatabase(dialect);
      try {
        const c = custodyIn({
          DATABASE_URL: seededDb.url,
          CUSTODY_KEY_FILE: join(dir, 'demo.key'),
        });
        const seed = await c('seed', '--closed', '20', '--now', NOW, '--json');
        expect(seed.code).toBe(0);
        expect(parsed<{ records: number; active: number }>(seed)).toMatchObject({
          records: 35,
          active: 15,
        });
        expect((await c('verify')).code).toBe(0);
        const outside = join(dir, `${dialect}.checkpoint`);
        const cp = await c('checkpoint', '--out', outside);
        expect(cp.code).toBe(0);
        expect(readFileSync(outside, 'utf8').trimEnd()).toBe(cp.stdout.trimEnd());
        expect(parsed<{ records: number }>(await c('rebuild-projections', '--json')).records).toBe(
          35,
        );
        const file = join(dir, `${dialect}.backup`);
        expect((await c('backup', file)).code).toBe(0);
        expect((await c('backup', file)).code).toBe(1);
        const target = dialect === 'sqlite' ? join(dir, 'restored.sqlite') : restored.url;
        const r = custodyIn({ DATABASE_URL: target, CUSTODY_KEY_FILE: join(dir, 'demo.key') });
        expect((await r('restore', file)).code).toBe(0);
        if (dialect === 'postgres') {
          // pg_restore copies no statistics; restore analyzes what it wrote (autovacuum may be off).
          const { rows } = await sql<{ relname: string; analyzed: boolean }>`
            SELECT relname, last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables
            WHERE relname IN ('log_leaves', 'log_payloads', 'record_summaries')
            ORDER BY relname`.execute(restored.db);
          expect(rows.map((x) => [x.relname, x.analyzed])).toEqual([
            ['log_leaves', true],
            ['log_payloads', true],
            ['record_summaries', true],
          ]);
        }
        expect((await r('verify', '--checkpoint', outside)).code).toBe(0);
        expect((await r('checkpoint')).stdout).toBe(cp.stdout);
        if (dialect === 'sqlite') expect((await r('restore', file)).code).toBe(1);
      } finally {
        await seededDb.drop();
      }
    },
  );
});

describe('custody serve', () => {
  test(
    'starts on an empty database with the demo disabled, answers, and stops on SIGTERM',
    SLOW,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'custody-serve-'));
      const child = spawn('node', ['bin/custody.mjs', 'serve', '--port', '0', '--no-demo'], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: join(dir, 'c.sqlite'),
          CUSTODY_KEY_FILE: join(dir, 'k.key'),
        },
      });
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Custody Records: (http:\/\/\S+)/.exec(out);
          if (m?.[1] !== undefined) resolve(m[1]);
        });
        child.on('exit', () => {
          reject(new Error(`serve exited: ${out}`));
        });
      });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(out).not.toContain('demo sign-ins');
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
      expect(statSync(join(dir, 'k.key')).mode & 0o777).toBe(0o600);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});

/** The sample record's staff as users of the database, with the role of their entries. */
const STAFF: readonly { sample: string; role: Role }[] = [
  { sample: 'off-1', role: 'detaining_officer' },
  { sample: 'duty-1', role: 'duty_inspector' },
  { sample: 'insp-1', role: 'custody_inspector' },
];

/** Replaces every sample staff id (actors and payload references) by the user's id. */
function withIds(value: JsonValue, ids: ReadonlyMap<string, string>): JsonValue {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => withIds(v, ids));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIds(v, ids)]));
}

/** camelCase payload keys and snake_case enum values, as they would leak into a document. */
const RAW = /\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+_[a-z_]+\b/g;

/** What each document must say in each language, beyond the names of the staff it cites. */
const TITLES: Record<DocumentKind, { uk: string; en: string; staff: string[] }> = {
  detention_protocol: { uk: 'ПРОТОКОЛ ЗАТРИМАННЯ', en: 'RECORD OF DETENTION', staff: ['insp-1'] },
  administrative_detention_protocol: {
    uk: 'ПРОТОКОЛ ПРО АДМІНІСТРАТИВНЕ ЗАТРИМАННЯ',
    en: 'RECORD OF ADMINISTRATIVE DETENTION',
    staff: ['insp-1'],
  },
  // The detainee speaks Ukrainian: the notice is in Ukrainian whatever --locale says.
  rights_notice: { uk: 'ПАМ’ЯТКА ПРО ПРАВА', en: 'ПАМ’ЯТКА ПРО ПРАВА', staff: [] },
  notification_log: { uk: 'ЖУРНАЛ ПОВІДОМЛЕНЬ', en: 'LOG OF NOTIFICATIONS', staff: ['insp-1'] },
  property_receipt: { uk: 'РОЗПИСКА ПРО ВИЛУЧЕНІ РЕЧІ', en: 'RECEIPT FOR PROPERTY', staff: [] },
  medical_referral: {
    uk: 'НАПРАВЛЕННЯ НА МЕДИЧНИЙ ОГЛЯД',
    en: 'REFERRAL FOR MEDICAL EXAMINATION',
    staff: ['insp-1'],
  },
  intoxication_referral: {
    uk: 'СТАНУ СП’ЯНІННЯ',
    en: 'EXAMINATION FOR INTOXICATION',
    staff: ['insp-1'],
  },
  record_extract: {
    uk: 'ВИТЯГ ІЗ ЗАПИСУ',
    en: 'EXTRACT OF THE CUSTODY RECORD',
    staff: ['off-1', 'duty-1', 'insp-1'],
  },
};

describe.each(DIALECTS)('custody export of every document on %s', (dialect) => {
  const ORIGIN = 'custody.test/log';
  let db: TestDatabase;
  let dir: string;
  let vkey: string;
  let custody: ReturnType<typeof custodyIn>;
  /** User id by sample staff id. */
  const ids = new Map<string, string>();
  const noReferral = `${SAMPLE_RECORD_ID}-b`;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'custody-export-'));
    await migrate(db, allMigrations);
    const key = generateSignerKey(ORIGIN);
    vkey = key.vkey;
    writeFileSync(join(dir, 'signing.key'), key.skey, { mode: 0o600 });
    const unitId = (await createUnit(db, { name: 'Шевченківське УП', code: 'KYIV-SH-01' })).id;
    for (const s of STAFF) {
      const user = await createUser(db, {
        username: s.sample,
        password: 'correct horse battery staple',
        displayName: SAMPLE_PEOPLE[s.sample] ?? s.sample,
        role: s.role,
        unitId,
      });
      ids.set(s.sample, user.id);
    }
    ids.set('KYIV-SH-01', unitId); // the unit the detainee is delivered to
    const store = await createEventStore({
      database: db,
      signer: signerFromSkey(key.skey),
      origin: ORIGIN,
    });
    const events = SAMPLE_EVENTS.map((e) => ({
      ...e,
      actor: { ...e.actor, id: ids.get(e.actor.id) ?? e.actor.id },
      payload: withIds(e.payload, ids),
    }));
    await store.append(SAMPLE_RECORD_ID, 0, events);
    const other = events
      .filter((e) => e.type !== 'MedicalExaminationReferred')
      .map((e, i) => ({
        ...e,
        id: `${e.id}-b`,
        payload: i === 0 ? { ...(e.payload as object), recordId: noReferral } : e.payload,
      }));
    await store.append(noReferral, 0, other);
    await rebuildProjections({ database: db, store });
    await store.close();
    custody = custodyIn({
      DATABASE_URL: db.url,
      CUSTODY_KEY_FILE: join(dir, 'signing.key'),
      CUSTODY_ORIGIN: ORIGIN,
      CUSTODY_TIME_ZONE: 'Europe/Kyiv',
    });
  }, 120_000);
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each(['uk', 'en'] as const)(
    'every kind in %s: named staff, labelled fields, a bundle that verifies',
    SLOW,
    async (locale) => {
      const out = join(dir, locale);
      const kinds = DOCUMENT_KINDS.flatMap((k) => ['--document', k]);
      const r = await custody(
        'export',
        SAMPLE_RECORD_ID,
        '--locale',
        locale,
        '--dir',
        out,
        ...kinds,
      );
      expect(r.code, r.stderr).toBe(0);
      const bundle = JSON.parse(
        readFileSync(join(out, `${SAMPLE_RECORD_ID}.extract.json`), 'utf8'),
      ) as unknown;
      expect(verifyExtract(bundle, [vkey]).ok).toBe(true);
      for (const kind of DOCUMENT_KINDS) {
        const name = kind === 'record_extract' ? SAMPLE_RECORD_ID : `${SAMPLE_RECORD_ID}-${kind}`;
        const text = pdfText(join(out, `${name}.pdf`));
        const expected = TITLES[kind];
        expect(text, kind).toContain(expected[locale]);
        expect(text, kind).toContain('Шевченківське УП (KYIV-SH-01)');
        for (const s of expected.staff) expect(text, kind).toContain(SAMPLE_PEOPLE[s]);
        for (const id of ids.values()) expect(text, kind).not.toContain(id);
        // Prose and the verification data aside, nothing in a document is a raw key or value.
        const entries =
          kind === 'record_extract'
            ? (text.split(/Перевірка цілісності|Integrity verification/)[0] ?? '')
            : text;
        expect(entries.match(RAW) ?? [], kind).toEqual([]);
      }
      const extract = pdfText(join(out, `${SAMPLE_RECORD_ID}.pdf`));
      const words =
        locale === 'uk'
          ? [
              'Вид: Центр БПД',
              'Спосіб: електронна система',
              'Стан: Спить, дихання рівне',
              'Відповідальна особа: Мельник Олена',
              'інспектор з дотримання прав людини',
              'Підстава: рішення слідчого',
            ]
          : [
              'Kind: Free legal aid centre',
              'Method: electronic system',
              'Condition: Спить, дихання рівне',
              'Responsible official: Мельник Олена',
              'human-rights inspector',
              "Ground: investigator's decision",
            ];
      for (const w of words) expect(extract).toContain(w);
    },
  );

  test('a document the record does not support: exit 1, nothing written', SLOW, async () => {
    const out = mkdtempSync(join(dir, 'none-'));
    const r = await custody(
      'export',
      noReferral,
      '--dir',
      out,
      '--document',
      'detention_protocol',
      '--document',
      'medical_referral',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('medical_referral');
    expect(r.stderr).toContain('does not apply');
    expect(readdirSync(out)).toEqual([]);
    const missing = await custody('export', 'no-such-record', '--dir', out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no custody record');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('custody export usage', () => {
  test('a bad kind or option is a usage error listing the kinds', SLOW, async () => {
    const custody = custodyIn({ DATABASE_URL: join(tmpdir(), 'custody-absent.sqlite') });
    const r = await custody('export', SAMPLE_RECORD_ID, '--document', 'confession');
    expect(r.code).toBe(2);
    for (const k of DOCUMENT_KINDS) expect(r.stderr).toContain(k);
    const both = await custody(
      'export',
      SAMPLE_RECORD_ID,
      '--document',
      'rights_notice',
      '--bundle',
      join(tmpdir(), 'b.json'),
    );
    expect(both.code).toBe(2);
  });
});
