import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { createGrant } from '../grants/grants.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';
import { verifyExtract } from './verify-extract.ts';

const T0 = '2025-03-01T09:00:00.000Z';
/** The text of a PDF as poppler's pdftotext extracts it. */
function pdfText(bytes: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' });
}

/** The text of a PDF in reading order, runs of white space as one space. */
function rawText(bytes: Buffer): string {
  return execFileSync('pdftotext', ['-raw', '-', '-'], { input: bytes, encoding: 'utf8' }).replace(
    /\s+/g,
    ' ',
  );
}

describe.each(DIALECTS)('document and extract routes (%s)', (dialect) => {
  let kit: OversightKit;
  let inspector: SignedIn;
  let recordId: string;

  beforeAll(async () => {
    kit = await oversightKit(dialect);
    const officer = await kit.signIn('detaining_officer');
    inspector = await kit.signIn('custody_inspector');
    const d = new RecordDriver(kit, inspector);
    recordId = await d.open(T0, {}, officer);
    await d.run('RecordDelivery', '2025-03-01T09:20:00.000Z', { unitId: kit.units.own });
    await d.run('RegisterDetainee', '2025-03-01T09:25:00.000Z', { custodyNumber: 'K-2025-0042' });
    await d.run('RecordInjuries', '2025-03-01T09:30:00.000Z', {
      injuries: [{ bodyRegion: 'left_arm', description: 'Садно 2 см', photoSha256: [] }],
      onArrival: true,
    });
  }, 60_000);
  afterAll(() => kit.close());

  const get = (url: string, who: SignedIn) =>
    kit.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

  test('a document is a PDF that names the record, in both languages', async () => {
    for (const locale of ['uk', 'en']) {
      const r = await get(
        `/api/v1/records/${recordId}/documents/detention_protocol?locale=${locale}`,
        inspector,
      );
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(r.headers['content-disposition']).toMatch(/^attachment;/);
      const text = pdfText(r.rawPayload);
      expect(text).toContain('K-2025-0042');
    }
    const title = pdfText(
      (await get(`/api/v1/records/${recordId}/documents/rights_notice?locale=en`, inspector))
        .rawPayload,
    );
    expect(title).toMatch(/ПРАВ|прав/);
  });

  test('the extract PDF carries the record and its verification data', async () => {
    const r = await get(`/api/v1/records/${recordId}/extract?locale=en`, inspector);
    expect(r.statusCode).toBe(200);
    const text = pdfText(r.rawPayload);
    expect(text).toContain('K-2025-0042');
    expect(text).toContain('custody.test/log');
    // Staff by name and role, as on the record page; fields and values in words.
    const raw = execFileSync('pdftotext', ['-raw', '-', '-'], {
      input: r.rawPayload,
      encoding: 'utf8',
    }).replace(/\s+/g, ' ');
    expect(raw).toMatch(/Тест custody_inspector \d+ human-rights inspector/);
    expect(raw).toMatch(/Тест detaining_officer \d+ detaining officer/);
    expect(raw).not.toContain(inspector.userId);
    expect(raw).toContain('Body region: left arm');
    expect(raw).toContain('Custody number: K-2025-0042');
  });

  test('the bundle verifies offline; health is withheld from a lawyer without consent', async () => {
    const own = await get(`/api/v1/records/${recordId}/extract/bundle`, inspector);
    expect(own.statusCode).toBe(200);
    const full = verifyExtract(own.json(), [kit.vkey]);
    expect(full.ok).toBe(true);
    expect(full.entries.map((e) => e.status)).toEqual(Array(4).fill('verified'));

    const lawyer = await kit.signIn('lawyer');
    const url = `/api/v1/records/${recordId}/extract/bundle?reason=${encodeURIComponent('захист')}`;
    expect((await get(url, lawyer)).statusCode).toBe(404);
    await createGrant(
      kit.database,
      {
        granteeId: lawyer.userId,
        scope: { kind: 'record', recordId },
        unitIds: [kit.units.own],
        validFrom: '2025-01-01T00:00:00.000Z',
        validUntil: '2026-01-01T00:00:00.000Z',
        purpose: 'Договір про захист',
      },
      inspector.userId,
      kit.clock.now(),
    );
    expect((await get(`/api/v1/records/${recordId}/extract/bundle`, lawyer)).statusCode).toBe(400);
    const r = await get(url, lawyer);
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('Садно');
    const v = verifyExtract(r.json(), [kit.vkey]);
    expect(v.ok).toBe(true);
    expect(v.entries.find((e) => e.type === 'InjuriesRecorded')?.status).toBe('withheld');
    // The signed statement counts the withheld entry; the lawyer's copy cut short fails.
    expect(v.statement).toMatchObject({ recordId, entries: 4 });
    const cut = r.json<{ entries: unknown[] }>();
    cut.entries.pop();
    expect(verifyExtract(cut, [kit.vkey]).problems.join()).toMatch(/the last entry is missing/);
    const pdf = await get(`/api/v1/records/${recordId}/extract?reason=x`, lawyer);
    expect(pdfText(pdf.rawPayload)).not.toContain('Садно');
    // Nor its kind: the entry is named neutrally, in the entries and in the verification table.
    for (const [locale, kind, neutral] of [
      ['uk', 'Тілесні ушкодження', 'Запис про здоров’я — приховано'],
      ['en', 'Injuries', 'Health entry — withheld'],
    ] as const) {
      const url = `/api/v1/records/${recordId}/extract?reason=x&locale=${locale}`;
      const lawyers = rawText((await get(url, lawyer)).rawPayload);
      expect(lawyers).not.toContain(kind);
      expect(lawyers.split(neutral)).toHaveLength(3);
      const own = rawText(
        (await get(`/api/v1/records/${recordId}/extract?locale=${locale}`, inspector)).rawPayload,
      );
      expect(own).toContain(kind);
      expect(own).not.toContain(neutral);
    }
  });

  test('every export is in the read audit with its reason', async () => {
    const hq = await kit.signIn('hq');
    const url = `/api/v1/records/${recordId}/documents/notification_log?reason=${encodeURIComponent('перевірка ДЗПЛ')}`;
    expect((await get(url, hq)).statusCode).toBe(200);
    const audit = await kit.store.readStream(`access:${recordId}`);
    const last = audit[audit.length - 1];
    expect(last?.actor).toEqual({ id: hq.userId, role: 'hq' });
    expect(last?.payload).toMatchObject({
      recordId,
      reason: 'перевірка ДЗПЛ',
      purpose: 'document:notification_log',
    });
    const purposes = audit.map((e) => (e.payload as { purpose: string }).purpose);
    expect(purposes).toEqual(
      expect.arrayContaining(['document:detention_protocol', 'extract', 'extract_bundle']),
    );
  });

  test('the extract PDF prints the signed statement the bundle carries', async () => {
    const bundle = (await get(`/api/v1/records/${recordId}/extract/bundle`, inspector)).json<{
      statement: string;
    }>();
    const pdf = await get(`/api/v1/records/${recordId}/extract?locale=en`, inspector);
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, '');
    expect(text).toContain('Signedextractstatement');
    // Up to the last leaf hash: each export's read audit grows the log, so the tree differs.
    for (const line of bundle.statement.split('\n').slice(0, 6)) {
      expect(text).toContain(line.replace(/\s+/g, ''));
    }
  });

  test('without the signing key, extracts are 503 and nothing is read or logged', async () => {
    const { signer: _none, ...deps } = kit.deps;
    const app = await buildApp(deps);
    try {
      const size = (await kit.store.readStream(`access:${recordId}`)).length;
      for (const path of [
        `/api/v1/records/${recordId}/extract`,
        `/api/v1/records/${recordId}/extract/bundle`,
        `/api/v1/records/${recordId}/documents/record_extract`,
        `/api/v1/records/${recordId}/proofs`,
      ]) {
        const r = await app.inject({
          method: 'GET',
          url: path,
          headers: { cookie: inspector.cookie },
        });
        expect(r.statusCode, path).toBe(503);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect((await kit.store.readStream(`access:${recordId}`)).length).toBe(size);
      const protocol = `/api/v1/records/${recordId}/documents/detention_protocol`;
      const ok = await app.inject({
        method: 'GET',
        url: protocol,
        headers: { cookie: inspector.cookie },
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  test('refused for roles that may not export', async () => {
    const paths = [
      `/api/v1/records/${recordId}/documents/detention_protocol`,
      `/api/v1/records/${recordId}/extract`,
      `/api/v1/records/${recordId}/extract/bundle`,
    ];
    const size = (await kit.store.readStream(`access:${recordId}`)).length;
    const investigator = await kit.signIn('investigator');
    const admin = await kit.signIn('admin');
    const stranger = await kit.signIn('custody_inspector', { unitId: kit.units.other });
    const monitor = await kit.signIn('monitor');
    for (const path of paths) {
      expect((await get(path, investigator)).statusCode, path).toBe(403);
      expect((await get(path, admin)).statusCode, path).toBe(404);
      expect((await get(path, stranger)).statusCode, path).toBe(404);
      expect((await get(`${path}?reason=x`, monitor)).statusCode, path).toBe(404);
      expect((await kit.app.inject({ method: 'GET', url: path })).statusCode).toBe(401);
    }
    expect(
      (await get(`/api/v1/records/${recordId}/documents/nonsense`, inspector)).statusCode,
    ).toBe(400);
    expect((await kit.store.readStream(`access:${recordId}`)).length).toBe(size);
  });
});
