export type {
  Anchor,
  Bilingual,
  Discharge,
  FinalOutcome,
  OutcomeKind,
  LegalAct,
  LegalBasis,
  Obligation,
  ObligationKind,
  ObligationStatus,
  ProfileId,
} from './types.ts';
export {
  clockSettingsSchema,
  clockSettingsOverridesSchema,
  DEFAULT_CLOCK_SETTINGS,
  resolveClockSettings,
  settingsAt,
  type ClockSettings,
  type ClockSettingsInput,
  type SettingsHistory,
  type SettingsPeriod,
} from './settings.ts';
export {
  policyHistory,
  UNIT_POLICY_FIELDS,
  UNIT_POLICY_KEYS,
  unitPolicyBasis,
  unitPolicyOf,
  unitPolicyPatchSchema,
  unitPolicySchema,
  type PolicyChange,
  type UnitPolicy,
  type UnitPolicyKey,
} from './unit-policy.ts';
export {
  EW_PACE,
  MARTIAL_LAW_OVERLAY,
  PACE_EXTENSIONS,
  PACE_REVIEWS,
  PROFILES,
  UA_ADMINISTRATIVE,
  UA_ADMINISTRATIVE_BORDER,
  UA_CRIMINAL_208,
  UA_RULING_191,
  type ClockProfile,
  type DeadlineRule,
  type PaceExtension,
} from './profiles.ts';
export {
  CHILD_WITHOUT_CARE_RULE,
  CONSULATE_RULE,
  LEGAL_AID_RULE,
  requiredNotifications,
  type NotificationRule,
} from './notifications.ts';
export { foldFacts, type RecordFacts } from './facts.ts';
export { obligations, obligationsOfFacts, type ClockInput } from './obligations.ts';
export { recordClock, summarise, type RecordClock, type WorstStatus } from './record-clock.ts';
export { OPEN_STATUSES, openObligationsOfFacts, whiteboardClock } from './open-obligations.ts';
export { cite, obligationForReader } from './obligation.ts';
export { DEFAULT_TIME_ZONE, formatInZone, startOfZonedDay, zonedDate } from './time.ts';
export {
  byUrgency,
  compareUrgency,
  isOpenObligation,
  mostUrgent,
  severityTier,
  type Rankable,
  type SeverityTier,
} from './severity.ts';
