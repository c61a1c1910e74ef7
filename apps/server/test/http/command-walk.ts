import type { Role } from '@custody/contracts';
import type { CommandType } from '@custody/domain';

/** What earlier steps produced: user ids by role and event ids by step name. */
export interface WalkRefs {
  readonly users: Readonly<Partial<Record<Role, string>>>;
  readonly events: Readonly<Record<string, string>>;
  readonly unitId: string;
  /** ISO now of the test clock. */
  readonly now: string;
  readonly t0: string;
}

export interface WalkStep {
  readonly type: Exclude<CommandType, 'RecordDetention'>;
  readonly role: Role;
  /** Name under which the first event id is kept for later steps. */
  readonly as?: string;
  readonly payload: (r: WalkRefs) => unknown;
}

const who = { name: 'Петренко Іван' };
const signed = { signed: true };
const items = [{ description: 'Телефон', quantity: 1 }];
/** A defender named with the certificate number that confirms their powers (КПК ст. 50). */
const defender = { name: 'Коваленко Катерина', certificateNumber: 'КВ 004512' };
const ev = (r: WalkRefs, name: string) => r.events[name] ?? `missing-${name}`;
const uid = (r: WalkRefs, role: Role) => r.users[role] ?? `missing-${role}`;

/** The detention payload of a walk record (foreign adult, criminal profile, КПК ст. 208). */
export function detentionPayload(over: Record<string, unknown> = {}) {
  return {
    person: { kind: 'identified', fullName: 'Шевчук Андрій Олегович', dateOfBirth: '1990-04-02' },
    place: { description: 'м. Київ, вул. Хрещатик, 22' },
    detainingOfficers: [{ name: 'Коваленко Петро' }],
    profile: 'ua_criminal_208',
    legalBasis: 'КПК ст. 208 ч. 1 п. 1',
    grounds: 'Застигнутий під час вчинення крадіжки.',
    juvenile: false,
    foreigner: true,
    nationality: 'PL',
    language: 'uk',
    bodycamRefs: [],
    ...over,
  };
}

/**
 * A minimal valid body for every command but the opening one, in an order the domain accepts,
 * each issued by a role allowed to (authz/matrix.ts). Release comes last.
 */
export const WALK: readonly WalkStep[] = [
  { type: 'RecordDelivery', role: 'detaining_officer', payload: (r) => ({ unitId: r.unitId }) },
  {
    type: 'RegisterDetainee',
    role: 'duty_inspector',
    payload: () => ({ custodyNumber: 'КР-1/2025' }),
  },
  {
    type: 'AssignResponsibleOfficial',
    role: 'duty_inspector',
    payload: (r) => ({ officialId: uid(r, 'custody_inspector') }),
  },
  {
    type: 'RecordRightsExplained',
    role: 'custody_inspector',
    payload: () => ({ language: 'uk', writtenNoticeHandedOver: true, signature: signed }),
  },
  {
    type: 'RecordNotification',
    role: 'custody_inspector',
    payload: () => ({
      kind: 'legal_aid_centre',
      recipient: 'Центр БПД',
      method: 'phone',
      madeBy: who,
      delegatedToOfficer: false,
    }),
  },
  {
    type: 'RecordConsularNotificationRequest',
    role: 'custody_inspector',
    payload: () => ({ country: 'PL' }),
  },
  {
    type: 'RecordConsularNotificationDeclined',
    role: 'custody_inspector',
    payload: () => ({ country: 'PL', signature: signed }),
  },
  {
    type: 'RecordOfficerInterview',
    role: 'custody_inspector',
    payload: (r) => ({
      officerId: uid(r, 'detaining_officer'),
      summary: 'Сили не застосовано.',
      forceReported: false,
      injuriesReported: false,
    }),
  },
  {
    type: 'RecordDetaineeInterview',
    role: 'custody_inspector',
    payload: () => ({ summary: 'Скарг немає.', illTreatmentAlleged: false }),
  },
  {
    type: 'RecordInjuries',
    role: 'medical',
    as: 'injuries',
    payload: () => ({
      injuries: [{ bodyRegion: 'head', description: 'Садно', photoSha256: [] }],
      onArrival: true,
    }),
  },
  {
    type: 'RecordHealthComplaint',
    role: 'medical',
    payload: () => ({ complaint: 'Болить голова' }),
  },
  {
    type: 'RecordIntoxication',
    role: 'medical',
    payload: () => ({ intoxicated: false, signs: 'Немає' }),
  },
  {
    type: 'RecordMedication',
    role: 'medical',
    payload: () => ({ medication: 'Парацетамол', dose: '500 мг' }),
  },
  {
    type: 'RequestMedicalAid',
    role: 'duty_inspector',
    as: 'aidRequest',
    payload: () => ({ reason: 'Головний біль', requestedBy: 'detainee', service: 'unit_medic' }),
  },
  {
    type: 'RecordMedicalAid',
    role: 'medical',
    payload: (r) => ({
      provider: who,
      description: 'Огляд',
      requestEventId: ev(r, 'aidRequest'),
      hospitalised: false,
    }),
  },
  {
    type: 'ReferForMedicalExamination',
    role: 'medical',
    payload: () => ({ kind: 'general', institution: 'Лікарня № 1' }),
  },
  {
    type: 'RecordHealthDataConsent',
    role: 'custody_inspector',
    payload: () => ({ consent: 'given', disclosedTo: ['monitor'], signature: signed }),
  },
  {
    type: 'AssessRisk',
    role: 'custody_inspector',
    payload: () => ({ atRisk: false, factors: [], summary: 'Ризику не виявлено' }),
  },
  {
    type: 'SetObservationLevel',
    role: 'custody_inspector',
    payload: () => ({ level: 'intermittent' }),
  },
  {
    type: 'RequestApproval',
    role: 'duty_inspector',
    as: 'approvalRequest',
    payload: () => ({
      subject: 'observation_lowering',
      level: 'general',
      rationale: 'Протверезів',
    }),
  },
  {
    type: 'DecideApproval',
    role: 'supervisor',
    payload: (r) => ({ requestEventId: ev(r, 'approvalRequest'), decision: 'approved' }),
  },
  { type: 'RecordProperty', role: 'duty_inspector', payload: () => ({ items, signature: signed }) },
  { type: 'ReturnProperty', role: 'duty_inspector', payload: () => ({ items, signature: signed }) },
  {
    type: 'RetainProperty',
    role: 'duty_inspector',
    payload: () => ({ items, reason: 'Речовий доказ', legalBasis: 'КПК ст. 98' }),
  },
  {
    type: 'MoveDetainee',
    role: 'duty_inspector',
    payload: () => ({ to: { description: 'Камера 3' }, purpose: 'Розміщення', escort: [] }),
  },
  {
    type: 'StartContact',
    role: 'duty_inspector',
    as: 'contact',
    payload: () => ({ person: who, role: 'lawyer', purpose: 'Побачення з захисником' }),
  },
  {
    type: 'EndContact',
    role: 'duty_inspector',
    payload: (r) => ({ contactEventId: ev(r, 'contact') }),
  },
  {
    type: 'DrawUpDetentionProtocol',
    role: 'investigator',
    payload: () => ({
      protocolNumber: 'П-1',
      copyHandedToDetainee: true,
      copySentToProsecutor: true,
    }),
  },
  {
    type: 'ServeSuspicionNotice',
    role: 'investigator',
    payload: () => ({ proceedingNumber: '120250001', article: 'КК ст. 185', servedBy: who }),
  },
  {
    type: 'StartInvestigativeAction',
    role: 'investigator',
    as: 'action',
    payload: (r) => ({
      kind: 'Впізнання',
      investigatorId: uid(r, 'investigator'),
      defenderPresent: true,
      defender,
    }),
  },
  {
    type: 'EndInvestigativeAction',
    role: 'investigator',
    payload: (r) => ({ actionEventId: ev(r, 'action') }),
  },
  {
    type: 'StartInterrogation',
    role: 'investigator',
    payload: (r) => ({ interrogatorId: uid(r, 'investigator'), defenderPresent: true, defender }),
  },
  { type: 'PauseInterrogation', role: 'investigator', payload: () => ({}) },
  {
    type: 'ResumeInterrogation',
    role: 'investigator',
    payload: () => ({ defenderPresent: true, defender }),
  },
  { type: 'EndInterrogation', role: 'investigator', payload: () => ({}) },
  {
    type: 'ScheduleCourtHearing',
    role: 'investigator',
    payload: (r) => ({ court: 'Шевченківський районний суд', scheduledFor: r.now }),
  },
  {
    type: 'RecordCourtDecision',
    role: 'investigator',
    payload: () => ({ outcome: 'custody', court: 'Шевченківський районний суд' }),
  },
  {
    type: 'ReclassifyDetention',
    role: 'investigator',
    payload: () => ({ newProfile: 'ew_pace', legalBasis: 'PACE s.24', grounds: 'Тест профілю' }),
  },
  {
    type: 'RecordPaceAuthorisation',
    role: 'detaining_officer',
    payload: () => ({
      kind: 'superintendent_extension',
      authorisedBy: who,
      detentionLimitHours: 36,
      grounds: 'Потрібен час',
    }),
  },
  {
    type: 'RecordPaceReview',
    role: 'detaining_officer',
    payload: () => ({ reviewer: who, outcome: 'continued', representationsHeard: true }),
  },
  {
    type: 'RecordCellCheck',
    role: 'duty_inspector',
    as: 'check',
    payload: () => ({ condition: 'Спить', roused: false, concern: false }),
  },
  { type: 'OfferMeal', role: 'duty_inspector', payload: () => ({ kind: 'main', accepted: true }) },
  { type: 'OfferDrink', role: 'duty_inspector', payload: () => ({ accepted: true }) },
  {
    type: 'RecordRestPeriod',
    role: 'duty_inspector',
    payload: (r) => ({ from: r.t0, to: r.now, interrupted: false }),
  },
  {
    type: 'RecordDetaineeRequest',
    role: 'duty_inspector',
    as: 'request',
    payload: () => ({ request: 'Вода' }),
  },
  {
    type: 'AnswerDetaineeRequest',
    role: 'duty_inspector',
    payload: (r) => ({ requestEventId: ev(r, 'request'), answer: 'Надано', granted: true }),
  },
  {
    type: 'RecordComplaint',
    role: 'duty_inspector',
    as: 'complaint',
    payload: () => ({ complaint: 'Холодно' }),
  },
  {
    type: 'AnswerComplaint',
    role: 'duty_inspector',
    payload: (r) => ({ complaintEventId: ev(r, 'complaint'), answer: 'Видано ковдру' }),
  },
  {
    type: 'RecordIncident',
    role: 'duty_inspector',
    payload: () => ({ kind: 'other', description: 'Шум', injuriesCaused: false }),
  },
  {
    type: 'RecordForceUsed',
    role: 'duty_inspector',
    payload: (r) => ({
      uses: [
        {
          officerId: uid(r, 'detaining_officer'),
          technique: 'Загин руки',
          justification: 'Опір',
          injuriesCaused: false,
        },
      ],
    }),
  },
  {
    type: 'RecordMartialLawConditions',
    role: 'supervisor',
    payload: (r) => ({ supervisorId: uid(r, 'supervisor'), conditions: 'Воєнний стан' }),
  },
  {
    type: 'CorrectEntry',
    role: 'duty_inspector',
    payload: (r) => ({
      targetEventId: ev(r, 'check'),
      reason: 'Описка',
      correctedFields: { condition: 'Спить, дихає рівно' },
    }),
  },
  {
    type: 'AddAttachment',
    role: 'duty_inspector',
    payload: () => ({
      sha256: 'a'.repeat(64),
      kind: 'photo',
      mediaType: 'image/jpeg',
      sizeBytes: 1,
    }),
  },
  {
    type: 'BookmarkCamera',
    role: 'duty_inspector',
    payload: (r) => ({ cameraId: 'CAM-1', from: r.t0, to: r.now }),
  },
  {
    type: 'HandOverDocument',
    role: 'custody_inspector',
    payload: () => ({ documentKind: 'rights_notice', to: who }),
  },
  {
    type: 'EraseEventPayload',
    role: 'hq',
    payload: (r) => ({
      targetEventId: ev(r, 'complaint'),
      legalGround: 'Закон про захист ПД ст. 8',
    }),
  },
  {
    type: 'ReleaseDetainee',
    role: 'custody_inspector',
    payload: () => ({
      ground: 'investigator_decision',
      legalBasis: 'КПК ст. 211',
      propertyReturned: 'yes',
      recordCopyHandedOver: true,
    }),
  },
];

/** Transfer is the other end of custody; walked on a second record. */
export const TRANSFER: WalkStep = {
  type: 'TransferDetainee',
  role: 'custody_inspector',
  payload: () => ({
    destinationKind: 'itt',
    destinationName: 'ІТТ № 1',
    ground: 'Ухвала суду',
    escort: [who],
    handedOverTo: who,
  }),
};
