import { DAY_MINUTES, HOUR_MINUTES } from './time.ts';
import type {
  Anchor,
  Bilingual,
  Discharge,
  LegalBasis,
  ObligationKind,
  ProfileId,
} from './types.ts';

const h = (hours: number): number => hours * HOUR_MINUTES;

/** A statutory deadline as data: counted from an anchor, warned before, discharged by events. */
export interface DeadlineRule {
  id: string;
  kind: ObligationKind;
  anchor: Anchor;
  offsetMinutes: number;
  /** The warning point, counted from the same anchor. */
  warnOffsetMinutes: number;
  basis: LegalBasis;
  alsoBasis?: readonly LegalBasis[];
  /** What has to happen by the deadline. */
  requirement: Bilingual;
  dischargedBy: readonly Discharge[];
  absolute?: boolean;
  /** Show the offset in days (КУпАП ст. 263 ч. 2 counts "три доби"). */
  inDays?: boolean;
}

/** A legal profile: the statutory deadlines of one kind of detention (domain.md §4). */
export interface ClockProfile {
  id: ProfileId;
  title: Bilingual;
  rules: readonly DeadlineRule[];
}

const endOfCustody: readonly Discharge[] = ['release', 'transfer'];
const beforeCourt: readonly Discharge[] = ['court_decision', 'release', 'transfer'];

/** Criminal detention without a ruling (КПК ст. 208): 24 h notice, 60 h court, 72 h absolute. */
export const UA_CRIMINAL_208: ClockProfile = {
  id: 'ua_criminal_208',
  title: {
    uk: 'Затримання без ухвали (КПК ст. 208)',
    en: 'Detention without a ruling (КПК art. 208)',
  },
  rules: [
    {
      id: 'suspicion_notice_24h',
      kind: 'suspicion_notice',
      anchor: 'actual_detention',
      offsetMinutes: h(24),
      warnOffsetMinutes: h(20),
      basis: { act: 'КПК', article: '278', part: '2' },
      requirement: {
        uk: 'вручити письмове повідомлення про підозру або негайно звільнити',
        en: 'serve the written notice of suspicion or release at once',
      },
      dischargedBy: ['suspicion_notice', 'court_decision', ...endOfCustody],
    },
    {
      id: 'court_60h',
      kind: 'court_appearance',
      anchor: 'actual_detention',
      offsetMinutes: h(60),
      warnOffsetMinutes: h(48),
      basis: { act: 'КПК', article: '211', part: '2' },
      requirement: { uk: 'звільнити або доставити до суду', en: 'release or bring before a court' },
      dischargedBy: beforeCourt,
    },
    {
      id: 'detention_limit_72h',
      kind: 'detention_limit',
      anchor: 'actual_detention',
      offsetMinutes: h(72),
      warnOffsetMinutes: h(66),
      basis: { act: 'Конституція', article: '29', part: '3' },
      alsoBasis: [{ act: 'КПК', article: '211', part: '1' }],
      requirement: {
        uk: 'граничний строк без рішення суду; далі — незаконне тримання',
        en: 'absolute limit without a court decision; past it the detention is unlawful',
      },
      dischargedBy: beforeCourt,
      absolute: true,
    },
  ],
};

/** Detention under a judge's ruling (КПК ст. 191): 36 h to release or bring before the judge. */
export const UA_RULING_191: ClockProfile = {
  id: 'ua_ruling_191',
  title: {
    uk: 'Затримання за ухвалою (КПК ст. 191)',
    en: "Detention under a judge's ruling (КПК art. 191)",
  },
  rules: [
    {
      id: 'ruling_36h',
      kind: 'detention_limit',
      anchor: 'actual_detention',
      offsetMinutes: h(36),
      warnOffsetMinutes: h(30),
      basis: { act: 'КПК', article: '191' },
      requirement: {
        uk: 'звільнити або доставити до слідчого судді, суду',
        en: 'release or bring before the judge',
      },
      dischargedBy: beforeCourt,
      absolute: true,
    },
  ],
};

/** Administrative detention (КУпАП ст. 263 ч. 1): 3 h counted from delivery. */
export const UA_ADMINISTRATIVE: ClockProfile = {
  id: 'ua_administrative',
  title: { uk: 'Адміністративне затримання', en: 'Administrative detention' },
  rules: [
    {
      id: 'administrative_delivery_1h',
      kind: 'administrative_delivery_stay',
      anchor: 'delivery',
      offsetMinutes: h(1),
      warnOffsetMinutes: 45,
      basis: { act: 'КУпАП', article: '259' },
      requirement: {
        uk: 'перебування доставленого в органі — не довше 1 год; скласти протокол або звільнити',
        en: 'a delivered person stays at most 1 h; draw up the protocol or release',
      },
      dischargedBy: ['detention_protocol', 'reclassification', 'court_decision', ...endOfCustody],
    },
    {
      id: 'administrative_limit_3h',
      kind: 'detention_limit',
      anchor: 'delivery',
      offsetMinutes: h(3),
      warnOffsetMinutes: h(2.5),
      basis: { act: 'КУпАП', article: '263', part: '1' },
      requirement: {
        uk: 'адміністративне затримання не довше 3 год від доставлення',
        en: 'administrative detention lasts at most 3 h from delivery',
      },
      dischargedBy: ['reclassification', 'court_decision', ...endOfCustody],
      absolute: true,
    },
  ],
};

/** Administrative detention in border-regime cases (КУпАП ст. 263 ч. 2): 3 days, prosecutor in 24 h. */
export const UA_ADMINISTRATIVE_BORDER: ClockProfile = {
  id: 'ua_administrative_border',
  title: {
    uk: 'Адміністративне затримання (прикордонний режим)',
    en: 'Administrative detention (border regime)',
  },
  rules: [
    {
      id: 'prosecutor_notice_24h',
      kind: 'prosecutor_notice',
      anchor: 'delivery',
      offsetMinutes: h(24),
      warnOffsetMinutes: h(20),
      basis: { act: 'КУпАП', article: '263', part: '2' },
      requirement: {
        uk: 'письмово повідомити прокурора про затримання',
        en: 'notify the prosecutor in writing',
      },
      dischargedBy: ['prosecutor_notified'],
    },
    {
      id: 'administrative_limit_3d',
      kind: 'detention_limit',
      anchor: 'delivery',
      offsetMinutes: 3 * DAY_MINUTES,
      warnOffsetMinutes: h(66),
      basis: { act: 'КУпАП', article: '263', part: '2' },
      requirement: {
        uk: 'граничний строк адміністративного затримання',
        en: 'absolute limit of administrative detention',
      },
      dischargedBy: ['reclassification', 'court_decision', ...endOfCustody],
      absolute: true,
      inDays: true,
    },
  ],
};

/** E&W detention without charge (PACE s.41): 24 h from the relevant time; extensions below. */
export const EW_PACE: ClockProfile = {
  id: 'ew_pace',
  title: { uk: 'Англія та Уельс (PACE)', en: 'England and Wales (PACE)' },
  rules: [
    {
      id: 'pace_limit',
      kind: 'detention_limit',
      anchor: 'relevant_time',
      offsetMinutes: h(24),
      warnOffsetMinutes: h(22),
      basis: { act: 'PACE', article: '41' },
      requirement: {
        uk: 'звинуватити або звільнити, якщо строк не продовжено',
        en: 'charge or release unless detention is extended',
      },
      dischargedBy: ['court_decision', ...endOfCustody],
      absolute: true,
    },
  ],
};

/** A PACE extension of the detention limit (s.42 superintendent, s.43-44 warrant). */
export interface PaceExtension {
  authority: 'superintendent' | 'warrant';
  /** The longest total detention from the relevant time this authority can allow. */
  maxTotalMinutes: number;
  warnBeforeMinutes: number;
  basis: LegalBasis;
}

/** PACE s.42: superintendent up to 36 h; s.43-44: magistrates' warrant, 96 h at most. */
export const PACE_EXTENSIONS: Readonly<Record<PaceExtension['authority'], PaceExtension>> = {
  superintendent: {
    authority: 'superintendent',
    maxTotalMinutes: h(36),
    warnBeforeMinutes: h(2),
    basis: { act: 'PACE', article: '42' },
  },
  warrant: {
    authority: 'warrant',
    maxTotalMinutes: h(96),
    warnBeforeMinutes: h(2),
    basis: { act: 'PACE', article: '44' },
  },
};

/** PACE s.40(3): first review within 6 h of the authorisation of detention, then every 9 h. */
export const PACE_REVIEWS = {
  firstAfterMinutes: h(6),
  thenEveryMinutes: h(9),
  warnBeforeMinutes: 30,
  basis: { act: 'PACE', article: '40', part: '3' },
} as const satisfies {
  firstAfterMinutes: number;
  thenEveryMinutes: number;
  warnBeforeMinutes: number;
  basis: LegalBasis;
};

/**
 * Martial law overlay (КПК ст. 615): with special conditions recorded by a supervisor, detention
 * without a ruling may last 216 h; it replaces the 60 h and 72 h rules of ст. 208. Off by default.
 */
export const MARTIAL_LAW_OVERLAY = {
  appliesTo: ['ua_criminal_208'] as readonly ProfileId[],
  supersedes: ['court_60h', 'detention_limit_72h'] as readonly string[],
  rule: {
    id: 'detention_limit_216h',
    kind: 'detention_limit',
    anchor: 'actual_detention',
    offsetMinutes: h(216),
    warnOffsetMinutes: h(204),
    basis: { act: 'КПК', article: '615' },
    requirement: {
      uk: 'граничний строк без ухвали суду в умовах воєнного стану (умови зафіксовано керівником)',
      en: 'absolute limit without a ruling under martial law (conditions recorded by a supervisor)',
    },
    dischargedBy: beforeCourt,
    absolute: true,
  } satisfies DeadlineRule,
};

/** Every profile by id. */
export const PROFILES: Readonly<Record<ProfileId, ClockProfile>> = {
  ua_criminal_208: UA_CRIMINAL_208,
  ua_ruling_191: UA_RULING_191,
  ua_administrative: UA_ADMINISTRATIVE,
  ua_administrative_border: UA_ADMINISTRATIVE_BORDER,
  ew_pace: EW_PACE,
};
