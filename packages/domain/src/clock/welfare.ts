import { capitalTerm } from '../glossary.ts';
import type { At, RecordFacts, RiskChange } from './facts.ts';
import type { Draft, DraftMode } from './obligation.ts';
import { cite, explanationOf } from './obligation.ts';
import type { ClockSettings } from './settings.ts';
import { formatDuration, MINUTE_MS } from './time.ts';
import type { Bilingual, LegalBasis } from './types.ts';

export const CODE_C_9_3: LegalBasis = { act: 'PACE Code C', article: '9.3' };
export const ANNEX_H: LegalBasis = { act: 'PACE Code C', article: 'Annex H' };
export const CODE_C_8_6: LegalBasis = { act: 'PACE Code C', article: '8.6' };
export const CODE_C_12_2: LegalBasis = { act: 'PACE Code C', article: '12.2' };

/** The settings in force at an instant (a unit's policy may change during a record). */
export type SettingsAt = (at: number) => ClockSettings;

/**
 * The basis of a welfare routine: PACE Code C is law only on the PACE profile; on a Ukrainian
 * profile no act sets a number for a police room, so the rule is the unit's policy, modelled on
 * Code C (domain.md §4).
 */
function welfareBasis(facts: RecordFacts, model: LegalBasis): LegalBasis {
  const profile = facts.reclassifications.at(-1)?.profile ?? facts.detention?.profile;
  return profile === 'ew_pace' ? model : { act: 'unit policy', article: cite(model, 'en') };
}

interface Risk {
  intoxicated: boolean;
  atRisk: boolean;
  elevated: boolean;
}

function heightened(r: Risk): boolean {
  return r.intoxicated || r.atRisk || r.elevated;
}

function applyRisk(r: Risk, c: RiskChange): Risk {
  return {
    intoxicated: c.intoxicated ?? r.intoxicated,
    atRisk: c.atRisk ?? r.atRisk,
    elevated: c.level === undefined ? r.elevated : c.level !== 'general',
  };
}

function checkInterval(s: ClockSettings, r: Risk): number {
  return heightened(r) ? s.atRiskCellCheckMinutes : s.cellCheckMinutes;
}

function checkExplanation(minutes: number, rousing: boolean, basis: LegalBasis): Bilingual {
  return explanationOf(`cell_check|${minutes}|${rousing}|${basis.act}`, () => {
    return rousing
      ? {
          uk: `${capitalTerm('cellCheck', 'uk')} кожні ${formatDuration(minutes, 'uk')} з пробудженням: сп’яніння або ризик (${cite(basis, 'uk')})`,
          en: `Cell check every ${formatDuration(minutes, 'en')} with rousing: intoxicated or at risk (${cite(basis, 'en')})`,
        }
      : {
          uk: `${capitalTerm('cellCheck', 'uk')} кожні ${formatDuration(minutes, 'uk')} (${cite(basis, 'uk')})`,
          en: `Cell check every ${formatDuration(minutes, 'en')} (${cite(basis, 'en')})`,
        };
  });
}

/**
 * The explanation of a check with rousing for a reader who may not see health and risk entries
 * (domain.md §5): its interval, and that its reason is withheld.
 */
function withheldCheckExplanation(minutes: number): Bilingual {
  return explanationOf(`cell_check|withheld|${minutes}`, () => ({
    uk: `${capitalTerm('cellCheck', 'uk')} кожні ${formatDuration(minutes, 'uk')} (підстава у записах, прихованих від вас без згоди затриманого)`,
    en: `${capitalTerm('cellCheck', 'en')} every ${formatDuration(minutes, 'en')} (its reason is in entries withheld from you without the detainee’s consent)`,
  }));
}

function checkDraft(
  id: string,
  interval: { due: number; s: ClockSettings; risk: Risk },
  facts: RecordFacts,
  met?: At,
): Draft {
  const { due, s, risk } = interval;
  const rousing = heightened(risk);
  const basis = welfareBasis(facts, rousing ? ANNEX_H : CODE_C_9_3);
  const d: Draft = {
    id,
    kind: 'cell_check',
    due,
    warn: due - s.cellCheckWarningMinutes * MINUTE_MS,
    basis,
    explanation: checkExplanation(checkInterval(s, risk), rousing, basis),
  };
  // The one obligation whose words tell of health or risk: intoxicated, at risk or observed.
  if (rousing) d.withheld = withheldCheckExplanation(checkInterval(s, risk));
  if (met !== undefined) d.met = met;
  return d;
}

/**
 * Cell checks (Code C 9.3; Annex H): every 60 min, every 30 min with rousing while intoxicated,
 * at risk or above the general observation level (*defaults*). A check without rousing when
 * rousing is required does not count. Late checks stay on the record as met late (not in `open`
 * mode, which gives only the next check). Each interval is the unit's policy in force when it
 * started (at delivery, at the last check, or at a change of risk that shortens it).
 */
export function cellCheckDrafts(
  facts: RecordFacts,
  policy: SettingsAt,
  mode: DraftMode = 'all',
): Draft[] {
  const start = facts.delivery;
  if (start === undefined) return [];
  const drafts: Draft[] = [];
  let risk: Risk = { intoxicated: false, atRisk: false, elevated: false };
  let s = policy(start.at);
  let due = start.at + checkInterval(s, risk) * MINUTE_MS;
  let r = 0;
  const changes = facts.riskChanges;
  const applyChange = (c: RiskChange) => {
    const before = checkInterval(s, risk);
    risk = applyRisk(risk, c);
    const now = policy(c.at);
    const after = checkInterval(now, risk);
    if (after < before && c.at + after * MINUTE_MS < due) {
      due = c.at + after * MINUTE_MS;
      s = now;
    }
  };
  for (const check of facts.cellChecks) {
    for (let c = changes[r]; c !== undefined && c.at <= check.at; c = changes[++r]) applyChange(c);
    if (check.at < start.at || (heightened(risk) && !check.roused)) continue;
    if (check.at > due && mode === 'all')
      drafts.push(checkDraft(`cell_check:${check.eventId}`, { due, s, risk }, facts, check));
    s = policy(check.at);
    due = check.at + checkInterval(s, risk) * MINUTE_MS;
  }
  for (let c = changes[r]; c !== undefined; c = changes[++r]) applyChange(c);
  drafts.push(checkDraft('cell_check:next', { due, s, risk }, facts));
  return drafts;
}

/**
 * Meals (Code C 8.6): one offered at least every 6 h (*default*); refused still counts as offered.
 * Each interval is the unit's policy in force when it started (delivery or the last meal).
 */
export function mealDrafts(
  facts: RecordFacts,
  policy: SettingsAt,
  mode: DraftMode = 'all',
): Draft[] {
  const start = facts.delivery;
  if (start === undefined) return [];
  const basis = welfareBasis(facts, CODE_C_8_6);
  const rule = (at: number): Interval => {
    const s = policy(at);
    const every = s.mealIntervalMinutes;
    const explanation = explanationOf(`meal|${every}|${basis.act}`, () => ({
      uk: `Харчування щонайменше кожні ${formatDuration(every, 'uk')}: двічі легке й раз основне за 24 год (${cite(basis, 'uk')})`,
      en: `A meal at least every ${formatDuration(every, 'en')}: two light and one main in 24 h (${cite(basis, 'en')})`,
    }));
    return { every, warn: s.welfareWarningMinutes, explanation };
  };
  return periodic('meal', facts.meals, start.at, rule, basis, mode);
}

/**
 * Rest (Code C 12.2): 8 h continuous in every 24 h (*defaults*), so an uninterrupted rest of 8 h
 * must begin within 16 h of delivery or of the end of the last one. A rest counts when it is as
 * long as the policy in force when it began asks; the next one is owed by the policy in force
 * when the last one ended.
 */
export function restDrafts(
  facts: RecordFacts,
  policy: SettingsAt,
  mode: DraftMode = 'all',
): Draft[] {
  const start = facts.delivery;
  if (start === undefined) return [];
  const basis = welfareBasis(facts, CODE_C_12_2);
  const rule = (at: number): Interval => {
    const s = policy(at);
    const rest = s.restMinutes;
    const window = s.restWindowMinutes;
    const lead = Math.max(0, window - rest);
    const explanation = explanationOf(`rest|${rest}|${window}|${basis.act}`, () => ({
      uk: `${formatDuration(rest, 'uk')} безперервного відпочинку в кожні ${formatDuration(window, 'uk')}: почати не пізніше ніж через ${formatDuration(lead, 'uk')} (${cite(basis, 'uk')})`,
      en: `${formatDuration(rest, 'en')} of continuous rest in every ${formatDuration(window, 'en')}: begin within ${formatDuration(lead, 'en')} (${cite(basis, 'en')})`,
    }));
    return { every: lead, warn: s.welfareWarningMinutes, explanation };
  };
  const full = facts.rests
    .filter((p) => !p.interrupted && p.to - p.from >= policy(p.from).restMinutes * MINUTE_MS)
    .map((p) => ({ ...p, at: p.from, endsAt: p.to }));
  return periodic('rest', full, start.at, rule, basis, mode);
}

/** One interval of a periodic routine: its length, its warning and its words. */
interface Interval {
  every: number;
  warn: number;
  explanation: Bilingual;
}

function periodic(
  kind: 'meal' | 'rest',
  done: readonly (At & { endsAt?: number })[],
  start: number,
  rule: (startedAt: number) => Interval,
  basis: LegalBasis,
  mode: DraftMode,
): Draft[] {
  const drafts: Draft[] = [];
  let interval = rule(start);
  let due = start + interval.every * MINUTE_MS;
  for (const item of done) {
    if (item.at < start) continue;
    if (item.at > due && mode === 'all') {
      const id = `${kind}:${item.eventId}`;
      const { warn, explanation } = interval;
      drafts.push({ id, kind, due, warn: due - warn * MINUTE_MS, basis, explanation, met: item });
    }
    const from = item.endsAt ?? item.at;
    interval = rule(from);
    due = from + interval.every * MINUTE_MS;
  }
  const { warn, explanation } = interval;
  drafts.push({ id: `${kind}:next`, kind, due, warn: due - warn * MINUTE_MS, basis, explanation });
  return drafts;
}
