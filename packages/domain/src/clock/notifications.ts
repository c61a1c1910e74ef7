import type { NotificationKind } from '../payloads/rights.payloads.ts';
import type { At, RecordFacts } from './facts.ts';
import type { Draft } from './obligation.ts';
import { cite, explanationOf, withNote } from './obligation.ts';
import type { ClockSettings } from './settings.ts';
import { formatDuration, MINUTE_MS } from './time.ts';
import type { Bilingual, LegalBasis, ProfileId } from './types.ts';

/** One "immediately" (негайно) notification of domain.md §3.5, as data. */
export interface NotificationRule {
  kind: NotificationKind;
  basis: LegalBasis;
  whom: Bilingual;
}

const criminal = (kind: NotificationKind, whom: Bilingual): NotificationRule => ({
  kind,
  basis: { act: 'КПК', article: '213' },
  whom,
});
const administrative = (kind: NotificationKind, whom: Bilingual): NotificationRule => ({
  kind,
  basis: { act: 'КУпАП', article: '261' },
  whom,
});

const RELATIVE: Bilingual = {
  uk: 'члена сім’ї, близького родича або особу за вибором затриманого',
  en: "a family member, close relative or a person of the detainee's choice",
};
const PARENTS: Bilingual = { uk: 'батьків або законних представників', en: 'parents or guardians' };
const GUARDIANSHIP: Bilingual = {
  uk: 'орган опіки та піклування',
  en: 'the guardianship authority',
};

/** The free legal aid centre, immediately after actual detention (CMU resolution 1363). */
export const LEGAL_AID_RULE: NotificationRule = {
  kind: 'legal_aid_centre',
  basis: { act: 'CMU 1363', article: '' },
  whom: { uk: 'центр з надання безоплатної правничої допомоги', en: 'the free legal aid centre' },
};

/** The consulate, on the foreign detainee's request (Vienna Convention art. 36 §1(b)). */
export const CONSULATE_RULE: NotificationRule = {
  kind: 'consulate',
  basis: { act: 'Vienna Convention', article: '36', part: '1(b)' },
  whom: {
    uk: 'консульську установу держави громадянства',
    en: 'the consulate of the detainee’s state',
  },
};

/** The guardianship authority when a child is left without care (Law 2858-IX). */
export const CHILD_WITHOUT_CARE_RULE: NotificationRule = {
  kind: 'child_left_without_care',
  basis: { act: 'Law 2858-IX', article: '' },
  whom: {
    uk: 'орган опіки — дитина залишилася без піклування',
    en: 'the guardianship authority: a child was left without care',
  },
};

const CRIMINAL_RULES = {
  relative: criminal('relative', RELATIVE),
  parents: criminal('parents_guardians', PARENTS),
  guardianship: criminal('guardianship_authority', GUARDIANSHIP),
};
const ADMINISTRATIVE_RULES = {
  relative: administrative('relative', RELATIVE),
  parents: administrative('parents_guardians', PARENTS),
  guardianship: administrative('guardianship_authority', GUARDIANSHIP),
};

/** Notifications owed in every Ukrainian profile, and for juveniles (КПК ст. 213; КУпАП ст. 261). */
export function requiredNotifications(profile: ProfileId, juvenile: boolean): NotificationRule[] {
  if (profile === 'ew_pace') return [];
  const rule =
    profile === 'ua_criminal_208' || profile === 'ua_ruling_191'
      ? CRIMINAL_RULES
      : ADMINISTRATIVE_RULES;
  const rules = [rule.relative, LEGAL_AID_RULE];
  if (juvenile) rules.push(rule.parents, rule.guardianship);
  return rules;
}

const notificationTexts = new WeakMap<NotificationRule, Map<string, Bilingual>>();

/** Built once per rule (rules are constants), anchor and pair of settings. */
function notificationExplanation(
  rule: NotificationRule,
  anchorName: Bilingual,
  overdue: number,
  escalate: number,
): Bilingual {
  let byKey = notificationTexts.get(rule);
  if (byKey === undefined) {
    byKey = new Map();
    notificationTexts.set(rule, byKey);
  }
  const key = `${anchorName.en}|${overdue}|${escalate}`;
  let text = byKey.get(key);
  if (text === undefined) {
    text = Object.freeze({
      // "Immediately" has no statutory number: the delays are the unit's policy (domain.md §4).
      uk: `Негайно після ${anchorName.uk} повідомити ${rule.whom.uk} (${cite(rule.basis, 'uk')}): прострочено через ${formatDuration(overdue, 'uk')}, ескалація через ${formatDuration(escalate, 'uk')} (${cite(UNIT_POLICY, 'uk')})`,
      en: `Notify ${rule.whom.en} immediately after ${anchorName.en} (${cite(rule.basis, 'en')}): overdue after ${formatDuration(overdue, 'en')}, escalated after ${formatDuration(escalate, 'en')} (${cite(UNIT_POLICY, 'en')})`,
    });
    if (byKey.size >= 64) byKey.clear();
    byKey.set(key, text);
  }
  return text;
}

function notificationDraft(
  rule: NotificationRule,
  anchor: At,
  anchorName: Bilingual,
  facts: RecordFacts,
  s: ClockSettings,
): Draft {
  const overdue = s.notificationOverdueMinutes;
  const escalate = s.notificationEscalateMinutes;
  const draft: Draft = {
    id: `notification:${rule.kind}`,
    kind: 'notification',
    due: anchor.at + overdue * MINUTE_MS,
    warn: anchor.at + Math.max(0, overdue - s.notificationWarningMinutes) * MINUTE_MS,
    escalate: anchor.at + s.notificationEscalateMinutes * MINUTE_MS,
    basis: rule.basis,
    explanation: notificationExplanation(rule, anchorName, overdue, escalate),
  };
  const made = facts.notifications[rule.kind];
  if (made !== undefined) draft.met = made;
  return draft;
}

const detentionName = { uk: 'фактичного затримання', en: 'actual detention' };
const requestName = { uk: 'прохання затриманого', en: "the detainee's request" };

/** Every notification owed for the record, each met by the first NotificationMade of its kind. */
export function notificationDrafts(facts: RecordFacts, s: ClockSettings): Draft[] {
  const d = facts.detention;
  if (d === undefined) return [];
  let rules = requiredNotifications(d.profile, d.juvenile);
  if (facts.reclassifications.length > 0) {
    const profiles = new Set([d.profile, ...facts.reclassifications.map((r) => r.profile)]);
    const byKind = new Map<NotificationKind, NotificationRule>();
    for (const profile of profiles) {
      for (const rule of requiredNotifications(profile, d.juvenile)) {
        if (!byKind.has(rule.kind) || rule.basis.act === 'КПК') byKind.set(rule.kind, rule);
      }
    }
    rules = [...byKind.values()];
  }
  const drafts = rules.map((rule) => notificationDraft(rule, d, detentionName, facts, s));
  if (d.foreigner || facts.consularRequest !== undefined) drafts.push(consularDraft(facts, s));
  if (facts.notifications.child_left_without_care !== undefined) {
    drafts.push(notificationDraft(CHILD_WITHOUT_CARE_RULE, d, detentionName, facts, s));
  }
  return drafts;
}

const CONSULATE_ON_REQUEST: Bilingual = {
  uk: `Консульство повідомляється лише на прохання іноземця (${cite(CONSULATE_RULE.basis, 'uk')})`,
  en: `The consulate is notified only at the foreign detainee's request (${cite(CONSULATE_RULE.basis, 'en')})`,
};
const DECLINED: Bilingual = { uk: 'затриманий відмовився', en: 'the detainee declined' };
const NO_REQUEST: Bilingual = { uk: 'прохання не зафіксовано', en: 'no request recorded' };

function consularDraft(facts: RecordFacts, s: ClockSettings): Draft {
  const request = facts.consularRequest;
  if (request !== undefined) {
    return notificationDraft(CONSULATE_RULE, request, requestName, facts, s);
  }
  const declined = facts.consularDeclined !== undefined;
  return {
    id: `notification:${CONSULATE_RULE.kind}`,
    kind: 'notification',
    due: null,
    warn: null,
    escalate: null,
    basis: CONSULATE_RULE.basis,
    notApplicable: true,
    explanation: withNote(CONSULATE_ON_REQUEST, declined ? DECLINED : NO_REQUEST),
  };
}

const UNIT_POLICY: LegalBasis = { act: 'unit policy', article: '' };
const PACE_30: LegalBasis = { act: 'PACE', article: '30' };
const KUPAP_259: LegalBasis = { act: 'КУпАП', article: '259' };
const KPK_210: LegalBasis = { act: 'КПК', article: '210' };

const CONSTITUTION_29: LegalBasis = { act: 'Конституція', article: '29' };

/**
 * Rights and grounds explained at detention, by profile (domain.md §4). КПК ст. 208 ч. 4 binds the
 * official who detains without a ruling (ст. 208); a detention under a judge's ruling (ст. 190-191)
 * rests on the Constitution's art. 29 alone, which binds every detention.
 */
export const RIGHTS_BASIS: Readonly<Record<ProfileId, LegalBasis>> = {
  ua_criminal_208: { act: 'КПК', article: '208', part: '4' },
  ua_ruling_191: CONSTITUTION_29,
  ua_administrative: { act: 'КУпАП', article: '261' },
  ua_administrative_border: { act: 'КУпАП', article: '261' },
  ew_pace: { act: 'PACE Code C', article: '3.1' },
};

/**
 * Rights and the grounds of detention explained, in a language the person understands, without
 * delay from the moment of actual detention (Конституція ст. 29; КПК ст. 208 ч. 4; КУпАП ст. 261;
 * E&W: Code C 3.1): open from T0 until a RightsExplained is recorded. "Without delay" sets no
 * number: it is overdue after the unit's `rightsOverdueMinutes` (*default* 60 min), labelled policy.
 */
export function rightsDraft(facts: RecordFacts, s: ClockSettings): Draft[] {
  const d = facts.detention;
  if (d === undefined) return [];
  const basis = RIGHTS_BASIS[d.profile];
  const overdue = s.rightsOverdueMinutes;
  const bases = (lang: 'uk' | 'en') =>
    basis === CONSTITUTION_29
      ? cite(basis, lang)
      : `${cite(CONSTITUTION_29, lang)}; ${cite(basis, lang)}`;
  const draft: Draft = {
    id: 'rights_explained',
    kind: 'rights_explained',
    due: d.at + overdue * MINUTE_MS,
    warn: d.at + Math.max(0, overdue - s.notificationWarningMinutes) * MINUTE_MS,
    basis,
    explanation: explanationOf(`rights|${basis.act}|${basis.article}|${overdue}`, () =>
      d.profile === 'ew_pace'
        ? {
            uk: `Без затримки повідомити затриманому його права (${cite(basis, 'uk')})`,
            en: `Tell the detained person their rights without delay (${cite(basis, 'en')})`,
          }
        : {
            uk: `Негайно з моменту фактичного затримання роз’яснити підстави затримання і права мовою, яку особа розуміє (${bases('uk')}): прострочено через ${formatDuration(overdue, 'uk')} (${cite(UNIT_POLICY, 'uk')})`,
            en: `Explain the grounds of detention and the person's rights in a language they understand, immediately from actual detention (${bases('en')}): overdue after ${formatDuration(overdue, 'en')} (${cite(UNIT_POLICY, 'en')})`,
          },
    ),
  };
  if (facts.rightsExplained !== undefined) draft.met = facts.rightsExplained;
  return [draft];
}

/**
 * A delivery slower than the unit's limit (*default* 1 h) must be explained (КПК ст. 210); an
 * administrative delivery is limited to 1 h (КУпАП ст. 259); PACE s.30: as soon as practicable.
 */
export function deliveryDraft(facts: RecordFacts, s: ClockSettings): Draft[] {
  const d = facts.detention;
  if (d === undefined) return [];
  const basis: LegalBasis =
    d.profile === 'ew_pace'
      ? PACE_30
      : d.profile === 'ua_administrative' || d.profile === 'ua_administrative_border'
        ? KUPAP_259
        : KPK_210;
  const limit = s.deliveryExplanationMinutes;
  const draft: Draft = {
    id: 'delivery_explanation',
    kind: 'delivery_explanation',
    due: d.at + limit * MINUTE_MS,
    warn: d.at + Math.max(0, limit - 15) * MINUTE_MS,
    basis,
    explanation: explanationOf(`delivery|${basis.act}|${basis.article}|${limit}`, () => ({
      uk: `Доставлення довше ${formatDuration(limit, 'uk')} від фактичного затримання потребує пояснення (${cite(basis, 'uk')})`,
      en: `A delivery taking longer than ${formatDuration(limit, 'en')} from actual detention must be explained (${cite(basis, 'en')})`,
    })),
  };
  const delivery = facts.delivery;
  const late = delivery !== undefined && delivery.at > (draft.due ?? 0);
  if (delivery !== undefined && (!late || delivery.explained)) draft.met = delivery;
  if (delivery === undefined && facts.closed !== undefined) draft.notApplicable = true;
  return [draft];
}
