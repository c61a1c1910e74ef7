import type { LegalProfile } from '../payloads/arrest.payloads.ts';

/** A legal act the clock cites. */
export type LegalAct =
  | 'КПК'
  | 'КУпАП'
  | 'Конституція'
  | 'PACE'
  | 'PACE Code C'
  | 'CMU 1363'
  | 'Vienna Convention'
  | 'Law 2858-IX'
  /** Where Ukrainian law sets no number: the unit's policy; `article` names its model. */
  | 'unit policy';

/** Where a rule comes from: act, article (section, paragraph) and, where it matters, part. */
export interface LegalBasis {
  act: LegalAct;
  article: string;
  part?: string;
}

/** A line of text in both languages of the product (Ukrainian first). */
export interface Bilingual {
  uk: string;
  en: string;
}

/** What kind of duty an obligation is; one literal per row of domain.md §4 and §3.5. */
export type ObligationKind =
  | 'suspicion_notice'
  | 'court_appearance'
  | 'detention_limit'
  | 'administrative_delivery_stay'
  | 'prosecutor_notice'
  | 'pace_review'
  | 'notification'
  | 'rights_explained'
  | 'delivery_explanation'
  | 'interrogation_break'
  | 'interrogation_daily'
  | 'juvenile_defender'
  | 'cell_check'
  | 'meal'
  | 'rest';

/** Where a deadline stands at `now`. */
export type ObligationStatus = 'upcoming' | 'warning' | 'overdue' | 'met' | 'not_applicable';

/** How a deadline ended when custody ended (domain.md §4 "Outcomes at the end of custody"). */
export type OutcomeKind = 'met' | 'breached' | 'ended_before_due' | 'not_applicable';

/**
 * The final, permanent outcome of a deadline once custody has ended (release or transfer): met in
 * time; breached (met late, or never met before custody ended), with when it fell due and by how
 * much it was exceeded; or ended before it fell due. Nothing runs after custody ends.
 */
export interface FinalOutcome {
  kind: OutcomeKind;
  /** When the deadline fell due (null for one that never had a due time). */
  dueAt: string | null;
  /** When it was met, or when custody ended if it never was. */
  at: string;
  /** Whole minutes past the deadline, rounded up (breached only). */
  exceededMinutes?: number;
  /** Minutes from the deadline's anchor (T0, delivery) to `at`, for statutory limits. */
  afterMinutes?: number;
  /** The length of the limit in minutes, for statutory limits. */
  limitMinutes?: number;
  /** "порушено: звільнено через 74 год 10 хв, граничний строк 72 год" in both languages. */
  text: Bilingual;
}

/**
 * One duty with a deadline in one custody record, as of `now`. Ids are stable for the record
 * ('suspicion_notice_24h', 'notification:legal_aid_centre', 'cell_check:next'), so a screen can
 * follow an obligation from upcoming to met.
 */
export interface Obligation {
  id: string;
  kind: ObligationKind;
  dueAt: string | null;
  warnAt: string | null;
  escalateAt?: string | null;
  status: ObligationStatus;
  metAt?: string;
  metByEventId?: string;
  metLate?: boolean;
  basis: LegalBasis;
  explanation: Bilingual;
  /** The absolute limit whose breach is over-detention (Конституція ст. 29; КПК ст. 211, 615). */
  absolute?: boolean;
  /** Set when the limit comes from martial-law conditions recorded by a supervisor (КПК ст. 615). */
  martialLaw?: boolean;
  /** Set on every obligation once custody has ended (release or transfer). */
  outcome?: FinalOutcome;
  /**
   * Set on an obligation whose explanation tells of the detainee's health or risk (intoxicated,
   * at risk, above the general observation level: the cell check with rousing), which lawyers and
   * monitors may not read without the detainee's consent (domain.md §5). Set in one place, where
   * the rule builds its draft; `obligationForReader` reads it.
   */
  revealsHealth?: true;
  /** With `revealsHealth`: the explanation for a reader who may not see health and risk entries. */
  withheldExplanation?: Bilingual;
}

/** The legal profile of a detention, chosen from its basis (domain.md §4). */
export type ProfileId = LegalProfile;

/** The moment a deadline is counted from. */
export type Anchor = 'actual_detention' | 'delivery' | 'relevant_time';

/** What may discharge a deadline. */
export type Discharge =
  | 'suspicion_notice'
  | 'court_decision'
  | 'release'
  | 'transfer'
  | 'reclassification'
  | 'prosecutor_notified'
  | 'detention_protocol';
