import { describe, expect, test } from 'vitest';
import { hours, RecordBuilder } from './clock.fixture.ts';
import { obligationForReader } from './obligation.ts';
import { obligations } from './obligations.ts';
import type { Obligation } from './types.ts';

const T0 = '2026-09-14T07:00:00.000Z';
const HEALTH_WORDS = /intoxicated|at risk|rousing|сп’яніння|ризик|пробудж/i;

/**
 * A record with every kind of obligation the clock makes and a risk that comes and goes: sober
 * checks, then intoxication (checks with rousing), then sober, then a risk assessment and an
 * observation level above general.
 */
function record(): RecordBuilder {
  const b = new RecordBuilder(T0).detained('ua_criminal_208', { juvenile: true }).delivered(20);
  b.rightsExplained(30).notified('relative', 35).meal(60).cellCheck(80);
  b.intoxicated(90);
  b.cellCheck(150, true).cellCheck(175, true);
  b.intoxicated(200, false);
  b.cellCheck(240).interrogation('start', 300).interrogation('end', 400);
  b.add('RiskAssessed', 420, { atRisk: true, factors: ['самоушкодження'], summary: 'ризик' });
  b.cellCheck(470, true);
  b.add('RiskAssessed', 480, { atRisk: false, factors: [], summary: 'без ризику' });
  b.observation(500, 'constant');
  return b;
}

describe('obligations that reveal health or risk (domain.md §5)', () => {
  const b = record();
  const list = obligations({ events: b.events, now: b.at(hours(10)) });

  test('the marker is set on exactly the obligations whose words tell of health or risk', () => {
    const marked = list.filter((o) => o.revealsHealth === true);
    const telling = list.filter(
      (o) => HEALTH_WORDS.test(o.explanation.uk) || HEALTH_WORDS.test(o.explanation.en),
    );
    expect(telling.length).toBeGreaterThanOrEqual(2);
    expect(telling.some((o) => o.status === 'met')).toBe(true);
    expect(marked.map((o) => o.id)).toEqual(telling.map((o) => o.id));
    // Only cell checks while intoxicated, at risk or observed above general.
    expect(new Set(marked.map((o) => o.kind))).toEqual(new Set(['cell_check']));
    expect(list.filter((o) => o.kind !== 'cell_check' && o.revealsHealth)).toEqual([]);
    // The sober checks (the first and the one after intoxication ended) carry no marker.
    const sober = list.filter((o) => o.kind === 'cell_check' && o.revealsHealth !== true);
    expect(sober.length).toBeGreaterThan(0);
    for (const o of sober) expect(o.withheldExplanation).toBeUndefined();
    // Every kind the record has is covered, so a new health-telling rule fails here.
    expect(new Set(list.map((o) => o.kind)).size).toBeGreaterThanOrEqual(8);
  });

  test('a reader without health access gets the neutral words; one with it the full words', () => {
    const marked = list.filter((o) => o.revealsHealth === true);
    for (const o of marked) {
      const hidden = obligationForReader(o, false);
      expect(hidden.explanation.uk).not.toMatch(HEALTH_WORDS);
      expect(hidden.explanation.en).not.toMatch(HEALTH_WORDS);
      expect(hidden.explanation).toEqual({
        uk: 'Перевірка кімнати кожні 30 хв (підстава у записах, прихованих від вас без згоди затриманого)',
        en: 'Cell check every 30 min (its reason is in entries withheld from you without the detainee’s consent)',
      });
      // Due times, status and basis stay; the domain-only fields never leave.
      const { revealsHealth: _m, withheldExplanation: _w, explanation: _e, ...rest } = o;
      expect(hidden).toEqual({ ...rest, explanation: hidden.explanation });
      const shown = obligationForReader(o, true);
      expect(shown.explanation).toBe(o.explanation);
      expect(shown.explanation.en).toMatch(/intoxicated or at risk/);
      expect(Object.keys(shown)).not.toContain('revealsHealth');
      expect(Object.keys(shown)).not.toContain('withheldExplanation');
    }
    const plain = list.find((o) => o.kind === 'meal') as Obligation;
    expect(obligationForReader(plain, false)).toEqual(plain);
  });
});
