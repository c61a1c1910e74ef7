import type { ComplianceReport, RecordView } from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/databases.ts';
import { pdfText } from '../documents/pdf-text.test-kit.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';

const START = Date.parse('2025-05-01T05:00:00.000Z');
const RANGE = 'from=2025-05-01T00:00:00Z&to=2025-05-06T00:00:00Z';
const release = {
  ground: 'investigator_decision',
  legalBasis: 'КПК ст. 211',
  propertyReturned: 'none_held',
  recordCopyHandedOver: true,
};

/**
 * Final outcomes when custody ends (domain.md §4; КПК ст. 211; Конституція ст. 29), read through
 * the API on both databases: record A (КПК ст. 208) released at 74 h 10 min, a breach of the 72 h
 * limit and of the 60 h court deadline; record B released at 40 h, compliance with КПК ст. 211 ч. 2.
 */
describe.each(DIALECTS)('final outcomes after release (%s)', (dialect) => {
  let kit: OversightKit;
  let supervisor: SignedIn;
  let inspector: SignedIn;
  let a: string;
  let b: string;

  const at = (iso: string) => {
    kit.clock.advance((Date.parse(iso) + 60_000 - kit.clock.now().getTime()) / 1000);
  };
  const get = (url: string, who: SignedIn) =>
    kit.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

  beforeAll(async () => {
    kit = await oversightKit(dialect, { session: { ttl: 30 * 86_400, idle: 30 * 86_400 } }, START);
    const officer = await kit.signIn('detaining_officer');
    inspector = await kit.signIn('custody_inspector');
    supervisor = await kit.signIn('supervisor');

    const A = new RecordDriver(kit, inspector);
    at('2025-05-01T06:45:00Z');
    a = await A.open('2025-05-01T06:00:00Z', {}, officer);
    await A.run('RecordDelivery', '2025-05-01T06:30:00Z', { unitId: kit.units.own });
    await A.run('RegisterDetainee', '2025-05-01T06:40:00Z', { custodyNumber: 'K-OUT-A' });

    const B = new RecordDriver(kit, inspector);
    b = await B.open('2025-05-01T06:00:00Z', {}, officer);
    await B.run('RecordDelivery', '2025-05-01T06:30:00Z', { unitId: kit.units.own });
    await B.run('RegisterDetainee', '2025-05-01T06:40:00Z', { custodyNumber: 'K-OUT-B' });

    at('2025-05-02T22:00:00Z');
    await B.run('ReleaseDetainee', '2025-05-02T22:00:00Z', release); // 40 h
    at('2025-05-04T08:10:00Z');
    await A.run('ReleaseDetainee', '2025-05-04T08:10:00Z', release); // 74 h 10 min
    // Twelve days later: nothing ran after custody ended.
    at('2025-05-16T08:10:00Z');
    supervisor = await kit.signIn('supervisor');
    inspector = await kit.signIn('custody_inspector');
  }, 120_000);
  afterAll(() => kit.close());

  const view = async (id: string) => {
    const r = await get(`/api/v1/records/${id}`, inspector);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<RecordView>();
  };
  const byId = (v: RecordView, id: string) => v.obligations.find((o) => o.id === id);

  test('the record view: a breach stays a breach, with when it fell due and by how much', async () => {
    const v = await view(a);
    expect(byId(v, 'detention_limit_72h')?.outcome).toEqual({
      kind: 'breached',
      dueAt: '2025-05-04T06:00:00.000Z',
      at: '2025-05-04T08:10:00.000Z',
      exceededMinutes: 130,
      afterMinutes: 74 * 60 + 10,
      limitMinutes: 72 * 60,
      text: {
        uk: 'порушено: звільнено через 74 год 10 хв, граничний строк 72 год',
        en: 'breached: released after 74 h 10 min, limit 72 h',
      },
    });
    expect(byId(v, 'court_60h')?.outcome?.kind).toBe('breached');
    // Nothing runs after custody ends: no deadline is open, none is most urgent.
    expect(v.summary.mostUrgent).toBeNull();
    expect(v.summary.nextDue).toBeNull();
    expect(v.obligations.every((o) => o.outcome !== undefined)).toBe(true);
    const checks = v.obligations.filter((o) => o.kind === 'cell_check' && o.status === 'overdue');
    for (const c of checks) expect(c.outcome?.at).toBe('2025-05-04T08:10:00.000Z');
  });

  test('release within 60 h complies with КПК ст. 211 ч. 2', async () => {
    const v = await view(b);
    expect(byId(v, 'court_60h')?.outcome).toMatchObject({
      kind: 'met',
      text: { uk: 'вчасно: звільнено через 40 год, строк 60 год' },
    });
    expect(byId(v, 'detention_limit_72h')?.outcome?.kind).toBe('met');
    expect(byId(v, 'suspicion_notice_24h')?.outcome?.kind).toBe('breached');
  });

  test('the extract PDF prints the outcome in both languages', async () => {
    const uk = await get(`/api/v1/records/${a}/extract`, inspector);
    expect(uk.statusCode, uk.body.slice(0, 200)).toBe(200);
    const text = pdfText(uk.rawPayload);
    expect(text).toContain('порушено: звільнено через 74 год 10 хв, граничний строк 72 год');
    const en = await get(`/api/v1/records/${a}/extract?locale=en`, inspector);
    expect(pdfText(en.rawPayload)).toContain('breached: released after 74 h 10 min, limit 72 h');
    const ok = await get(`/api/v1/records/${b}/extract`, inspector);
    const okText = pdfText(ok.rawPayload);
    expect(okText).toContain('вчасно: звільнено через 40 год, строк 60 год');
    expect(okText).toContain('вчасно: звільнено через 40 год, граничний строк 72 год');
    // The notice of suspicion (КПК ст. 278) was neither served nor followed by release in 24 h.
    expect(okText).toContain('порушено: звільнено через 40 год, строк 24 год');
    // Breaches first, by legal weight: the 72 h limit before the notifications never made.
    expect(text.indexOf('граничний строк 72 год')).toBeLessThan(text.indexOf('КПК ст. 213'));
  });

  test('the JSON bundle carries every deadline with its final outcome, breaches first', async () => {
    const r = await get(`/api/v1/records/${a}/extract/bundle`, inspector);
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    const deadlines = r.json<{ deadlines?: RecordView['obligations'] }>().deadlines ?? [];
    expect(deadlines.length).toBeGreaterThan(5);
    expect(deadlines.every((o) => o.outcome !== undefined)).toBe(true);
    expect(deadlines[0]?.outcome?.kind).toBe('breached');
    expect(deadlines.find((o) => o.id === 'detention_limit_72h')?.outcome).toMatchObject({
      kind: 'breached',
      dueAt: '2025-05-04T06:00:00.000Z',
      exceededMinutes: 130,
      text: { uk: 'порушено: звільнено через 74 год 10 хв, граничний строк 72 год' },
    });
    const ok = await get(`/api/v1/records/${b}/extract/bundle`, inspector);
    const okDeadlines = ok.json<{ deadlines?: RecordView['obligations'] }>().deadlines ?? [];
    expect(okDeadlines.find((o) => o.id === 'court_60h')?.outcome?.kind).toBe('met');
  });

  test('the compliance report names the breach in words, and not the compliant release', async () => {
    const r = await get(`/api/v1/reports/compliance?unitId=${kit.units.own}&${RANGE}`, supervisor);
    expect(r.statusCode, r.body).toBe(200);
    const unit = r.json<ComplianceReport>().units[0];
    const limit = unit?.breaches.limit72h.metLate.findings ?? [];
    expect(limit.map((f) => f.recordId)).toEqual([a]);
    expect(limit[0]?.outcome?.uk).toBe(
      'порушено: звільнено через 74 год 10 хв, граничний строк 72 год',
    );
    expect(limit[0]?.minutes).toBe(130);
    expect(unit?.breaches.court60h.metLate.recordIds).toEqual([a]);
    expect(unit?.overDetentions.recordIds).toEqual([a]);
  });
});
