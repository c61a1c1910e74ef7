import { capitalTerm } from '../glossary.ts';
import type { At, RecordFacts, RiskChange } from './facts.ts';
import type { Draft, DraftMode } from './obligation.ts';
import { cite, explanationOf } from './obligation.ts';
import type { ClockSettings } from './settings.ts';
import { formatDuration, MINUTE_MS } from './time.ts';
import type { Bilingual, LegalBasis } from './types.ts';

const CODE_C_9_3: LegalBasis = { act: 'PACE Code C', article: '9.3' };
const ANNEX_H: LegalBasis = { act: 'PACE Code C', article: 'Annex H' };
const CODE_C_8_6: LegalBasis = { act: 'PACE Code C', article: '8.6' };
const CODE_C_12_2: LegalBasis = { act: 'PACE Code C', article: '12.2' };

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

function checkDraft(
  id: string,
  due: number,
  s: ClockSettings,
  risk: Risk,
  facts: RecordFacts,
  met?: At,
): Draft {
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
  if (met !== undefined) d.met = met;
  return d;
}

/**
 * Cell checks (Code C 9.3; Annex H): every 60 min, every 30 min with rousing while intoxicated,
 * at risk or above the general observation level (*defaults*). A check without rousing when
 * rousing is required does not count. Late checks stay on the record as met late (not in `open`
 * mode, which gives only the next check).
 */
export function cellCheckDrafts(
  facts: RecordFacts,
  s: ClockSettings,
  mode: DraftMode = 'all',
): Draft[] {
  const start = facts.delivery;
  if (start === undefined) return [];
  const drafts: Draft[] = [];
  let risk: Risk = { intoxicated: false, atRisk: false, elevated: false };
  let due = start.at + checkInterval(s, risk) * MINUTE_MS;
  let r = 0;
  const changes = facts.riskChanges;
  for (const check of facts.cellChecks) {
    for (let c = changes[r]; c !== undefined && c.at <= check.at; c = changes[++r]) {
      const before = checkInterval(s, risk);
      risk = applyRisk(risk, c);
      const after = checkInterval(s, risk);
      if (after < before) due = Math.min(due, c.at + after * MINUTE_MS);
    }
    if (check.at < start.at || (heightened(risk) && !check.roused)) continue;
    if (check.at > due && mode === 'all')
      drafts.push(checkDraft(`cell_check:${check.eventId}`, due, s, risk, facts, check));
    due = check.at + checkInterval(s, risk) * MINUTE_MS;
  }
  for (let c = changes[r]; c !== undefined; c = changes[++r]) {
    const before = checkInterval(s, risk);
    risk = applyRisk(risk, c);
    const after = checkInterval(s, risk);
    if (after < before) due = Math.min(due, c.at + after * MINUTE_MS);
  }
  drafts.push(checkDraft('cell_check:next', due, s, risk, facts));
  return drafts;
}

/** Meals (Code C 8.6): one offered at least every 6 h (*default*); refused still counts as offered. */
export function mealDrafts(facts: RecordFacts, s: ClockSettings, mode: DraftMode = 'all'): Draft[] {
  const start = facts.delivery;
  if (start === undefined) return [];
  const every = s.mealIntervalMinutes;
  const basis = welfareBasis(facts, CODE_C_8_6);
  const explanation = explanationOf(`meal|${every}|${basis.act}`, () => ({
    uk: `Харчування щонайменше кожні ${formatDuration(every, 'uk')}: двічі легке й раз основне за 24 год (${cite(basis, 'uk')})`,
    en: `A meal at least every ${formatDuration(every, 'en')}: two light and one main in 24 h (${cite(basis, 'en')})`,
  }));
  return periodic(
    'meal',
    facts.meals,
    start.at,
    every,
    s.welfareWarningMinutes,
    basis,
    explanation,
    mode,
  );
}

/**
 * Rest (Code C 12.2): 8 h continuous in every 24 h (*defaults*), so an uninterrupted rest of 8 h
 * must begin within 16 h of delivery or of the end of the last one.
 */
export function restDrafts(facts: RecordFacts, s: ClockSettings, mode: DraftMode = 'all'): Draft[] {
  const start = facts.delivery;
  if (start === undefined) return [];
  const rest = s.restMinutes;
  const lead = Math.max(0, s.restWindowMinutes - rest);
  const window = s.restWindowMinutes;
  const basis = welfareBasis(facts, CODE_C_12_2);
  const explanation = explanationOf(`rest|${rest}|${window}|${basis.act}`, () => ({
    uk: `${formatDuration(rest, 'uk')} безперервного відпочинку в кожні ${formatDuration(window, 'uk')}: почати не пізніше ніж через ${formatDuration(lead, 'uk')} (${cite(basis, 'uk')})`,
    en: `${formatDuration(rest, 'en')} of continuous rest in every ${formatDuration(window, 'en')}: begin within ${formatDuration(lead, 'en')} (${cite(basis, 'en')})`,
  }));
  const full = facts.rests
    .filter((p) => !p.interrupted && p.to - p.from >= rest * MINUTE_MS)
    .map((p) => ({ ...p, at: p.from, endsAt: p.to }));
  return periodic('rest', full, start.at, lead, s.welfareWarningMinutes, basis, explanation, mode);
}

function periodic(
  kind: 'meal' | 'rest',
  done: readonly (At & { endsAt?: number })[],
  start: number,
  everyMinutes: number,
  warnMinutes: number,
  basis: LegalBasis,
  explanation: Bilingual,
  mode: DraftMode,
): Draft[] {
  const drafts: Draft[] = [];
  const warn = warnMinutes * MINUTE_MS;
  let due = start + everyMinutes * MINUTE_MS;
  for (const item of done) {
    if (item.at < start) continue;
    if (item.at > due && mode === 'all') {
      const id = `${kind}:${item.eventId}`;
      drafts.push({ id, kind, due, warn: due - warn, basis, explanation, met: item });
    }
    due = (item.endsAt ?? item.at) + everyMinutes * MINUTE_MS;
  }
  drafts.push({ id: `${kind}:next`, kind, due, warn: due - warn, basis, explanation });
  return drafts;
}
