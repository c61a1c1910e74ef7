import type { At, RecordFacts } from './facts.ts';
import type { Draft } from './obligation.ts';
import { explainOffset, withNote } from './obligation.ts';
import type { DeadlineRule } from './profiles.ts';
import { MARTIAL_LAW_OVERLAY, PROFILES } from './profiles.ts';
import { MINUTE_MS } from './time.ts';
import type { Anchor, Bilingual, Discharge, ProfileId } from './types.ts';

/** A stretch of the record under one legal profile; a reclassification starts the next one. */
export interface ProfilePeriod {
  profile: ProfileId;
  /** T0 of this profile: actual detention, or `clockStartsAt` of the reclassification. */
  t0: number;
  until?: At;
}

/** The profiles a record has been held under, oldest first (КПК ст. 209: T0 is kept). */
export function profilePeriods(facts: RecordFacts): ProfilePeriod[] {
  const d = facts.detention;
  if (d === undefined) return [];
  const periods: ProfilePeriod[] = [{ profile: d.profile, t0: d.at }];
  for (const r of facts.reclassifications) {
    const last = periods.at(-1);
    if (last !== undefined) last.until = { at: r.at, eventId: r.eventId };
    periods.push({ profile: r.profile, t0: r.clockStartsAt ?? d.at });
  }
  return periods;
}

/** The instant an anchor stands for, or null while it has not happened yet. */
export function anchorAt(anchor: Anchor, period: ProfilePeriod, facts: RecordFacts): number | null {
  switch (anchor) {
    case 'actual_detention':
      return period.t0;
    case 'delivery':
      return facts.delivery?.at ?? null;
    case 'relevant_time': {
      // PACE s.41(2)(d): arrival at the station, or 24 h after arrest if that is earlier.
      const latest = period.t0 + 24 * 60 * MINUTE_MS;
      return Math.min(facts.delivery?.at ?? latest, latest);
    }
  }
}

function dischargeOf(
  by: readonly Discharge[],
  period: ProfilePeriod,
  facts: RecordFacts,
): At | undefined {
  let first: At | undefined;
  for (const kind of by) {
    const at = dischargeEvent(kind, period, facts);
    if (at !== undefined && (first === undefined || at.at < first.at)) first = at;
  }
  return first;
}

function dischargeEvent(
  kind: Discharge,
  period: ProfilePeriod,
  facts: RecordFacts,
): At | undefined {
  switch (kind) {
    case 'suspicion_notice':
      return facts.suspicionNotice;
    case 'court_decision':
      return facts.courtDecision;
    case 'release':
      return facts.closed?.how === 'release' ? facts.closed : undefined;
    case 'transfer':
      return facts.closed?.how === 'transfer' ? facts.closed : undefined;
    case 'reclassification':
      return period.until;
    case 'prosecutor_notified':
      return facts.notifications.prosecutor;
    case 'detention_protocol':
      return facts.protocol;
  }
}

const ruleTexts = new WeakMap<DeadlineRule, Bilingual>();

/** The explanation of a profile rule: rules are data, so it is built once per rule. */
function ruleExplanation(rule: DeadlineRule): Bilingual {
  let text = ruleTexts.get(rule);
  if (text === undefined) {
    text = Object.freeze(
      explainOffset(rule.offsetMinutes, rule.anchor, rule.basis, rule.requirement, rule.inDays),
    );
    ruleTexts.set(rule, text);
  }
  return text;
}

const BASIS_CHANGED: Bilingual = {
  uk: 'правову підставу змінено до настання строку',
  en: 'the legal basis changed before the deadline',
};

/** A profile rule as a draft obligation for one period of the record. */
export function ruleDraft(rule: DeadlineRule, period: ProfilePeriod, facts: RecordFacts): Draft {
  const anchor = anchorAt(rule.anchor, period, facts);
  const due = anchor === null ? null : anchor + rule.offsetMinutes * MINUTE_MS;
  const draft: Draft = {
    id: rule.id,
    kind: rule.kind,
    due,
    warn: anchor === null ? null : anchor + rule.warnOffsetMinutes * MINUTE_MS,
    basis: rule.basis,
    explanation: ruleExplanation(rule),
  };
  if (rule.absolute === true) draft.absolute = true;
  if (anchor !== null) draft.from = anchor;
  const met = dischargeOf(rule.dischargedBy, period, facts);
  if (met !== undefined) draft.met = met;
  const ended = period.until;
  if (met === undefined && ended !== undefined && (due === null || due > ended.at)) {
    draft.notApplicable = true;
    draft.explanation = withNote(draft.explanation, BASIS_CHANGED);
  }
  return draft;
}

/**
 * The statutory deadlines of one Ukrainian profile period (domain.md §4), with the martial-law
 * overlay of КПК ст. 615 where a supervisor recorded its conditions.
 */
export function uaPeriodDrafts(period: ProfilePeriod, facts: RecordFacts): Draft[] {
  const martial = martialLawFor(period, facts);
  const drafts = PROFILES[period.profile].rules.map((rule) => {
    const draft = ruleDraft(rule, period, facts);
    if (martial !== undefined && MARTIAL_LAW_OVERLAY.supersedes.includes(rule.id)) {
      supersede(draft, martial);
    }
    return draft;
  });
  if (martial !== undefined) {
    drafts.push({ ...ruleDraft(MARTIAL_LAW_OVERLAY.rule, period, facts), martialLaw: true });
  }
  return drafts;
}

const REPLACED_BY_615: Bilingual = {
  uk: 'замінено строком КПК ст. 615 (умови воєнного стану зафіксовано)',
  en: 'replaced by the КПК art. 615 limit (martial-law conditions recorded)',
};
const RECORDED_AFTER_LIMIT: Bilingual = {
  uk: 'умови воєнного стану зафіксовано лише після спливу цього строку',
  en: 'martial-law conditions were recorded only after this limit had passed',
};

function martialLawFor(period: ProfilePeriod, facts: RecordFacts): At | undefined {
  return MARTIAL_LAW_OVERLAY.appliesTo.includes(period.profile) ? facts.martialLaw : undefined;
}

/**
 * Under recorded martial-law conditions the 60 h and 72 h rules give way to 216 h (КПК ст. 615).
 * Conditions recorded only after a limit had passed do not erase that breach: the rule stays, no
 * longer absolute.
 */
function supersede(draft: Draft, martial: At): void {
  draft.martialLaw = true;
  if (draft.due === null || martial.at <= draft.due) {
    draft.notApplicable = true;
    delete draft.met;
    draft.explanation = withNote(draft.explanation, REPLACED_BY_615);
    return;
  }
  delete draft.absolute;
  draft.explanation = withNote(draft.explanation, RECORDED_AFTER_LIMIT);
}
