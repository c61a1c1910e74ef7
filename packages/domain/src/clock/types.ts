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
  | 'Law 2858-IX';

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
  | 'delivery_explanation'
  | 'interrogation_break'
  | 'interrogation_daily'
  | 'juvenile_defender'
  | 'cell_check'
  | 'meal'
  | 'rest';

/** Where a deadline stands at `now`. */
export type ObligationStatus = 'upcoming' | 'warning' | 'overdue' | 'met' | 'not_applicable';

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
