import type {
  GrantScope,
  Obligation,
  RecordPage,
  RecordView,
  Whiteboard,
} from '@custody/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGrant } from '../grants/grants.ts';
import { DIALECTS } from '../../test/databases.ts';
import type { SignedIn } from '../../test/http/harness.ts';
import { oversightKit, RecordDriver, type OversightKit } from '../integrity/oversight.test-kit.ts';
import { pdfText } from './pdf-text.test-kit.ts';
import { verifyExtract } from './verify-extract.ts';

const MIN = 60_000;
/** Words of a deadline that tell of the detainee's health or risk (domain.md §5). */
const HEALTH_WORDS = /intoxicated|at risk|rousing|сп’яніння|ризик|пробудж/i;
const FULL = {
  uk: 'з пробудженням: сп’яніння або ризик',
  en: 'with rousing: intoxicated or at risk',
};
const NEUTRAL = {
  uk: 'Перевірка кімнати кожні 30 хв (підстава у записах, прихованих від вас без згоди затриманого)',
  en: 'Cell check every 30 min (its reason is in entries withheld from you without the detainee’s consent)',
};

const words = (list: readonly (Obligation | null)[]) =>
  JSON.stringify(list.map((o) => o?.explanation ?? null));

/**
 * The words of the legal clock's deadlines follow the same decision as the timeline's health
 * entries: a monitor without the detainee's consent reads the cell check with rousing with its
 * neutral words, in the record view, the list, the extract bundle and the extract PDF, and no
 * observation level; a lawyer the detainee consented to, and staff, read why (intoxicated or at
 * risk) and the level.
 */
describe.each(DIALECTS)('deadlines that tell of health or risk (%s)', (dialect) => {
  let kit: OversightKit;
  let inspector: SignedIn;
  let lawyer: SignedIn;
  let monitor: SignedIn;
  let recordId: string;
  let d: RecordDriver;

  beforeAll(async () => {
    kit = await oversightKit(dialect);
    const officer = await kit.signIn('detaining_officer');
    const medical = await kit.signIn('medical');
    inspector = await kit.signIn('custody_inspector');
    lawyer = await kit.signIn('lawyer');
    monitor = await kit.signIn('monitor');
    const now = kit.clock.now().getTime();
    const at = (minutes: number) => new Date(now + minutes * MIN).toISOString();
    d = new RecordDriver(kit, inspector);
    recordId = await d.open(at(-40), {}, officer);
    await d.run('RecordDelivery', at(-35), { unitId: kit.units.own }, officer);
    // Intoxicated 25 min ago: the next check, with rousing, is due in 5 min (the next deadline).
    await d.run('RecordIntoxication', at(-25), { intoxicated: true, signs: 'Запах' }, medical);
    await d.run('RecordHealthDataConsent', at(-20), {
      consent: 'given',
      disclosedTo: ['lawyer'],
      signature: { signed: true },
    });
    await d.run('SetObservationLevel', at(-15), { level: 'intermittent' });
    const grants: [SignedIn, GrantScope][] = [
      [lawyer, { kind: 'record', recordId }],
      [monitor, { kind: 'units', unitIds: [kit.units.own] }],
    ];
    for (const [who, scope] of grants) {
      await createGrant(
        kit.database,
        {
          granteeId: who.userId,
          scope,
          unitIds: [kit.units.own],
          validFrom: at(-60),
          validUntil: at(24 * 60),
          purpose: 'Перевірка',
        },
        inspector.userId,
        kit.clock.now(),
      );
    }
  }, 60_000);
  afterAll(() => kit.close());

  const get = (url: string, who: SignedIn) =>
    kit.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
  const reason = `reason=${encodeURIComponent('захист')}`;

  test('the record view and the list: neutral words and no observation level without consent', async () => {
    const view = async (who: SignedIn) => {
      const r = await get(`/api/v1/records/${recordId}?${reason}`, who);
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      return r.json<RecordView>();
    };
    const hidden = await view(monitor);
    expect(hidden.healthWithheld).toBe(true);
    const check = hidden.obligations.find((o) => o.id === 'cell_check:next');
    expect(check?.explanation).toEqual(NEUTRAL);
    const shown = [hidden.summary.nextDue, hidden.summary.mostUrgent, ...hidden.obligations];
    expect(words(shown)).not.toMatch(HEALTH_WORDS);
    expect(hidden.summary.nextDue?.id).toBe('cell_check:next');
    expect(hidden.summary.observationLevel).toBeNull();

    for (const who of [lawyer, inspector]) {
      const full = await view(who);
      expect(full.healthWithheld).toBe(false);
      expect(full.summary.observationLevel).toBe('intermittent');
      const c = full.obligations.find((o) => o.id === 'cell_check:next');
      expect(c?.explanation.uk).toContain(FULL.uk);
      expect(c?.explanation.en).toContain(FULL.en);
      // The same deadline, due at the same time: only its words differ.
      expect({ ...c, explanation: null }).toEqual({ ...check, explanation: null });
      expect(full.summary.nextDue?.explanation).toEqual(c?.explanation);
      expect(JSON.stringify(full)).not.toContain('revealsHealth');
    }

    const list = async (who: SignedIn) => {
      const r = await get(`/api/v1/records?${reason}`, who);
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      const row = r.json<RecordPage>().items.find((i) => i.id === recordId);
      expect(row?.nextDue?.id).toBe('cell_check:next');
      return row;
    };
    const row = await list(monitor);
    expect(row?.nextDue?.explanation).toEqual(NEUTRAL);
    expect(row?.observationLevel).toBeNull();
    expect(words([row?.nextDue ?? null, row?.mostUrgent ?? null])).not.toMatch(HEALTH_WORDS);
    const staffRow = await list(inspector);
    expect(staffRow?.nextDue?.explanation.en).toContain(FULL.en);
    expect(staffRow?.observationLevel).toBe('intermittent');
  });

  test('the whiteboard: the observation level only to a reader of health entries', async () => {
    const board = async (who: SignedIn) => {
      const r = await get(`/api/v1/units/${kit.units.own}/whiteboard`, who);
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      const row = r.json<Whiteboard>().rows.find((x) => x.summary.id === recordId);
      expect(row?.summary.nextDue?.id).toBe('cell_check:next');
      expect(JSON.stringify(row)).not.toMatch(/revealsHealth|withheldExplanation|explanation/);
      return row;
    };
    expect((await board(monitor))?.summary.observationLevel).toBeNull();
    expect((await board(inspector))?.summary.observationLevel).toBe('intermittent');
    // A request to lower the level tells of it too: counted only for a reader of health entries.
    await d.run('RequestApproval', new Date(kit.clock.now().getTime() - MIN).toISOString(), {
      subject: 'observation_lowering',
      level: 'general',
      rationale: 'Протверезів',
    });
    expect((await board(monitor))?.pendingApprovals).toBe(0);
    expect((await board(inspector))?.pendingApprovals).toBe(1);
    // So does the level set again, superseding the request: named only to a reader of them.
    await d.run('SetObservationLevel', kit.clock.now().toISOString(), { level: 'intermittent' });
    expect((await board(monitor))?.supersededApproval).toBeNull();
    expect((await board(inspector))?.supersededApproval).not.toBeNull();
  });

  test('the extract bundle: neutral deadlines without consent, and it still verifies', async () => {
    const bundle = async (who: SignedIn) => {
      const r = await get(`/api/v1/records/${recordId}/extract/bundle?${reason}`, who);
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      const b = r.json<{ deadlines: Obligation[] }>();
      const v = verifyExtract(r.json(), [kit.vkey]);
      expect(v.ok, v.problems.join()).toBe(true);
      return b;
    };
    const hidden = await bundle(monitor);
    expect(hidden.deadlines.find((o) => o.id === 'cell_check:next')?.explanation).toEqual(NEUTRAL);
    expect(words(hidden.deadlines)).not.toMatch(HEALTH_WORDS);
    expect(JSON.stringify(hidden)).not.toContain('withheldExplanation');
    for (const who of [lawyer, inspector]) {
      const full = await bundle(who);
      const c = full.deadlines.find((o) => o.id === 'cell_check:next');
      expect(c?.explanation.en).toContain(FULL.en);
      expect(JSON.stringify(full)).not.toContain('revealsHealth');
    }
  });

  test('the extract PDF in both languages: neutral deadlines without consent', async () => {
    for (const locale of ['uk', 'en'] as const) {
      const pdf = async (who: SignedIn) => {
        const r = await get(`/api/v1/records/${recordId}/extract?locale=${locale}&${reason}`, who);
        expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
        return pdfText(r.rawPayload);
      };
      const hidden = await pdf(monitor);
      expect(hidden).toContain(NEUTRAL[locale]);
      expect(hidden).not.toContain(FULL[locale]);
      for (const who of [lawyer, inspector]) {
        const full = await pdf(who);
        expect(full).toContain(FULL[locale]);
        expect(full).not.toContain(NEUTRAL[locale]);
      }
    }
  });
});
