import type { PaceAuthorisation, RecordFacts } from './facts.ts';
import type { Draft, DraftMode } from './obligation.ts';
import { explainOffset, explanationOf, withNote } from './obligation.ts';
import { EW_PACE, PACE_EXTENSIONS, PACE_REVIEWS } from './profiles.ts';
import type { ProfilePeriod } from './statutory.ts';
import { ruleDraft } from './statutory.ts';
import { HOUR_MINUTES, MINUTE_MS } from './time.ts';
import type { LegalBasis } from './types.ts';

const authority = (kind: PaceAuthorisation['kind']) =>
  kind === 'superintendent_extension' ? PACE_EXTENSIONS.superintendent : PACE_EXTENSIONS.warrant;

function extensionBasis(kind: PaceAuthorisation['kind']): LegalBasis {
  switch (kind) {
    case 'superintendent_extension':
      return PACE_EXTENSIONS.superintendent.basis;
    case 'warrant_of_further_detention':
      return { act: 'PACE', article: '43' };
    case 'warrant_extension':
      return PACE_EXTENSIONS.warrant.basis;
  }
}

/**
 * PACE detention without charge: 24 h from the relevant time (s.41), up to 36 h with a
 * superintendent's authorisation (s.42), up to 96 h with a warrant (s.43-44); and the reviews of
 * s.40 until a warrant is issued (in `open` mode without the reviews already held late).
 */
export function pacePeriodDrafts(
  period: ProfilePeriod,
  facts: RecordFacts,
  mode: DraftMode = 'all',
): Draft[] {
  const [base] = EW_PACE.rules;
  if (base === undefined) return [];
  const limit = ruleDraft(base, period, facts);
  const extension = facts.paceAuthorisations.at(-1);
  if (extension !== undefined && limit.due !== null) {
    const cap = authority(extension.kind).maxTotalMinutes;
    const minutes = Math.min(extension.limitHours * HOUR_MINUTES, cap);
    const relevant = limit.due - base.offsetMinutes * MINUTE_MS;
    const basis = extensionBasis(extension.kind);
    limit.due = relevant + minutes * MINUTE_MS;
    limit.warn = limit.due - authority(extension.kind).warnBeforeMinutes * MINUTE_MS;
    limit.basis = basis;
    limit.explanation = withNote(explainOffset(minutes, 'relevant_time', basis, base.requirement), {
      uk: 'строк продовжено',
      en: 'detention extended',
    });
  }
  return [limit, ...reviewDrafts(facts, mode)];
}

function reviewDrafts(facts: RecordFacts, mode: DraftMode): Draft[] {
  const authorised = facts.delivery?.at;
  const requirement = {
    uk: 'перегляд підстав тримання (review officer)',
    en: 'review of detention by the review officer',
  };
  const { basis } = PACE_REVIEWS;
  const draft = (id: string, due: number | null, first: boolean): Draft => ({
    id,
    kind: 'pace_review',
    due,
    warn: due === null ? null : due - PACE_REVIEWS.warnBeforeMinutes * MINUTE_MS,
    basis,
    explanation: first
      ? explanationOf(`pace_review|first|${PACE_REVIEWS.firstAfterMinutes}`, () =>
          explainOffset(PACE_REVIEWS.firstAfterMinutes, authorisedAnchor, basis, requirement),
        )
      : explanationOf(`pace_review|then|${PACE_REVIEWS.thenEveryMinutes}`, () =>
          explainOffset(PACE_REVIEWS.thenEveryMinutes, previousReview, basis, requirement),
        ),
  });
  if (authorised === undefined) return [draft('pace_review:next', null, true)];
  const warrant = facts.paceAuthorisations.find((a) => a.kind !== 'superintendent_extension');
  const drafts: Draft[] = [];
  let due = authorised + PACE_REVIEWS.firstAfterMinutes * MINUTE_MS;
  let first = true;
  for (const review of facts.paceReviews) {
    if (warrant !== undefined && warrant.at <= review.at) break;
    if (review.at > due && mode === 'all')
      drafts.push({ ...draft(`pace_review:${review.eventId}`, due, first), met: review });
    due = review.at + PACE_REVIEWS.thenEveryMinutes * MINUTE_MS;
    first = false;
  }
  const next = draft('pace_review:next', due, first);
  if (warrant !== undefined && warrant.at <= due) {
    next.notApplicable = true;
    next.explanation = withNote(next.explanation, NO_REVIEWS_AFTER_WARRANT);
  }
  drafts.push(next);
  return drafts;
}

const NO_REVIEWS_AFTER_WARRANT = {
  uk: 'після ордера суду на подальше тримання перегляди не проводяться',
  en: 'no reviews once a warrant of further detention is issued',
};
const authorisedAnchor = {
  uk: 'дозволу на тримання (прибуття до станції)',
  en: 'the authorisation of detention (arrival at the station)',
};
const previousReview = { uk: 'попереднього перегляду', en: 'the previous review' };
