import type { CommandPayload, CommandType } from '../commands.ts';
import type { CustodyEvent } from '../envelope.ts';
import type { EventPayload } from '../events.ts';
import { actors, at, event, T0 } from './scenario.ts';

export const RECORD_ID = 'record-1';

export const detentionPayload: EventPayload<'DetentionRecorded'> = {
  recordId: RECORD_ID,
  person: { kind: 'identified', fullName: 'Петренко Петро Петрович', dateOfBirth: '1990-05-01' },
  place: { description: 'м. Київ, вул. Хрещатик, 1' },
  detainingOfficers: [{ id: 'officer-1', name: 'Іваненко І. І.' }],
  profile: 'ua_criminal_208',
  legalBasis: 'КПК ст. 208 ч. 1 п. 1',
  grounds: 'Застигнутий під час вчинення крадіжки з магазину.',
  juvenile: false,
  foreigner: true,
  nationality: 'PL',
  language: 'uk',
  bodycamRefs: [{ cameraId: 'bodycam-7', from: T0, to: at(5) }],
};

/** The opening events of a record: detained at T0, delivered +30 min, registered, RO assigned. */
export function openRecord(
  overrides: Partial<EventPayload<'DetentionRecorded'>> = {},
): CustodyEvent[] {
  return [
    event(
      'DetentionRecorded',
      { ...detentionPayload, ...overrides },
      { id: 'e-detention', at: T0, actor: actors.officer },
    ),
    event('DetaineeDelivered', { unitId: 'unit-1' }, { id: 'e-delivery', at: at(30) }),
    event(
      'DetaineeRegistered',
      { custodyNumber: 'K-2026-0001' },
      { id: 'e-registration', at: at(32), actor: actors.duty },
    ),
    event(
      'ResponsibleOfficialAssigned',
      { officialId: actors.inspector.id },
      { id: 'e-ro', at: at(33), actor: actors.duty },
    ),
  ];
}

const signed = { signed: true } as const;
const person = { id: 'lawyer-1', name: 'Коваленко К. К.' };
/** A defender named with the certificate number that confirms their powers (КПК ст. 50). */
export const defender = { name: 'Коваленко К. К.', certificateNumber: 'КВ 004512' };

/** A valid payload for every command, accepted on the prepared record of `prerequisites`. */
export const samplePayloads: { [C in CommandType]: CommandPayload<C> } = {
  RecordDetention: detentionPayload,
  RecordDelivery: { unitId: 'unit-1' },
  RegisterDetainee: { custodyNumber: 'K-2026-0001' },
  AssignResponsibleOfficial: { officialId: 'inspector-2' },
  RecordRightsExplained: { language: 'uk', writtenNoticeHandedOver: true, signature: signed },
  RecordNotification: {
    kind: 'legal_aid_centre',
    recipient: 'Київський центр БПД',
    method: 'electronic_system',
    referenceNumber: 'БПД-123',
    madeBy: { id: 'inspector-1', name: 'Сидоренко С. С.' },
    delegatedToOfficer: false,
  },
  RecordConsularNotificationRequest: { country: 'Польща' },
  RecordConsularNotificationDeclined: { country: 'Польща', signature: signed },
  RecordOfficerInterview: {
    officerId: 'officer-1',
    summary: 'Затримання без застосування сили.',
    forceReported: false,
    injuriesReported: false,
  },
  RecordDetaineeInterview: { summary: 'Скарг немає.', illTreatmentAlleged: false },
  RecordInjuries: {
    injuries: [
      { bodyRegion: 'left_arm', description: 'Садно 2 см', photoSha256: ['a'.repeat(64)] },
    ],
    onArrival: true,
  },
  RecordHealthComplaint: { complaint: 'Головний біль' },
  RecordIntoxication: { intoxicated: true, substance: 'alcohol', signs: 'Запах алкоголю' },
  RecordMedication: { medication: 'Парацетамол', dose: '500 мг' },
  RequestMedicalAid: { reason: 'Головний біль', requestedBy: 'detainee', service: 'ambulance' },
  RecordMedicalAid: {
    provider: { name: 'Бригада ШМД 12' },
    description: 'Огляд, знеболювальне',
    hospitalised: false,
  },
  ReferForMedicalExamination: { kind: 'intoxication', institution: 'КНП Наркодиспансер' },
  RecordHealthDataConsent: { consent: 'given', disclosedTo: ['lawyer'], signature: signed },
  AssessRisk: { atRisk: true, factors: ['alcohol'], summary: 'Сп’яніння' },
  SetObservationLevel: { level: 'constant', rationale: 'Сп’яніння' },
  RequestApproval: {
    subject: 'observation_lowering',
    level: 'intermittent',
    rationale: 'Протверезів, лікар оглянув',
  },
  DecideApproval: { requestEventId: 'e-approval-request', decision: 'approved' },
  RecordProperty: {
    items: [{ description: 'Телефон', quantity: 1 }],
    bagSealNumber: 'S-001',
    signature: signed,
  },
  ReturnProperty: { items: [{ description: 'Телефон', quantity: 1 }], signature: signed },
  RetainProperty: {
    items: [{ description: 'Ніж', quantity: 1 }],
    reason: 'Речовий доказ',
    legalBasis: 'КПК ст. 98',
  },
  MoveDetainee: {
    to: { zoneId: 'zone-cr', cellId: 'cell-2' },
    purpose: 'Розміщення',
    escort: [{ id: 'duty-1', name: 'Черговий' }],
  },
  StartContact: { person, role: 'lawyer', purpose: 'Конфіденційне побачення' },
  EndContact: { contactEventId: 'e-contact' },
  DrawUpDetentionProtocol: {
    protocolNumber: 'П-1',
    copyHandedToDetainee: true,
    copySentToProsecutor: true,
  },
  ServeSuspicionNotice: {
    proceedingNumber: '12026100000000001',
    article: 'КК ст. 185 ч. 1',
    servedBy: { id: 'investigator-1', name: 'Слідчий' },
  },
  StartInvestigativeAction: {
    kind: 'Пред’явлення для впізнання',
    investigatorId: 'investigator-1',
    defenderPresent: true,
    defender,
  },
  EndInvestigativeAction: { actionEventId: 'e-action' },
  StartInterrogation: { interrogatorId: 'investigator-1', defenderPresent: true, defender },
  PauseInterrogation: { reason: 'Перерва' },
  ResumeInterrogation: { defenderPresent: true, defender },
  EndInterrogation: {},
  ScheduleCourtHearing: { court: 'Печерський районний суд', scheduledFor: at(48 * 60) },
  RecordCourtDecision: { outcome: 'custody', court: 'Печерський районний суд' },
  ReclassifyDetention: {
    newProfile: 'ua_criminal_208',
    legalBasis: 'КПК ст. 208',
    grounds: 'Виявлено ознаки кримінального правопорушення',
  },
  RecordPaceAuthorisation: {
    kind: 'superintendent_extension',
    authorisedBy: { id: 'super-1', name: 'Supt. Smith' },
    detentionLimitHours: 36,
    grounds: 'Evidence is being secured',
  },
  RecordPaceReview: {
    reviewer: { id: 'insp-9', name: 'Insp. Jones' },
    outcome: 'continued',
    representationsHeard: true,
  },
  RecordCellCheck: {
    condition: 'Спить, дихає рівно',
    roused: true,
    response: 'Відповів',
    concern: false,
  },
  OfferMeal: { kind: 'main', accepted: true },
  OfferDrink: { accepted: false },
  RecordRestPeriod: { from: at(40), to: at(100), interrupted: false },
  RecordDetaineeRequest: { request: 'Зателефонувати дружині' },
  AnswerDetaineeRequest: { requestEventId: 'e-request', answer: 'Надано дзвінок', granted: true },
  RecordComplaint: { complaint: 'Холодно в камері' },
  AnswerComplaint: { complaintEventId: 'e-complaint', answer: 'Видано ковдру' },
  RecordIncident: { kind: 'damage', description: 'Пошкодив двері', injuriesCaused: false },
  RecordForceUsed: {
    uses: [
      {
        officerId: 'officer-1',
        technique: 'Загин руки',
        justification: 'Опір',
        injuriesCaused: false,
      },
      { officerId: 'duty-1', technique: 'Кайданки', justification: 'Опір', injuriesCaused: false },
    ],
  },
  RecordMartialLawConditions: {
    supervisorId: 'supervisor-1',
    conditions: 'Воєнний стан, наказ №1',
  },
  ReleaseDetainee: {
    ground: 'suspicion_not_confirmed',
    legalBasis: 'КПК ст. 211 ч. 3',
    propertyReturned: 'none_held',
    recordCopyHandedOver: true,
  },
  TransferDetainee: {
    destinationKind: 'itt',
    destinationName: 'ІТТ ГУНП у м. Києві',
    ground: 'Ухвала слідчого судді',
    escort: [{ id: 'escort-1', name: 'Конвой' }],
    handedOverTo: { name: 'Черговий ІТТ' },
  },
  CorrectEntry: {
    targetEventId: 'e-delivery',
    reason: 'Помилка в номері підрозділу',
    correctedFields: { unitId: 'unit-2' },
  },
  AddAttachment: {
    sha256: 'b'.repeat(64),
    kind: 'photo',
    mediaType: 'image/jpeg',
    sizeBytes: 1024,
  },
  BookmarkCamera: {
    cameraId: 'cam-cr-1',
    from: at(30),
    to: at(35),
    relatesToEventId: 'e-delivery',
  },
  HandOverDocument: { documentKind: 'rights_notice', to: { name: 'Петренко П. П.' } },
  EraseEventPayload: {
    targetEventId: 'e-delivery',
    legalGround: 'Закон про захист персональних даних ст. 8',
  },
};

/** Events a command needs before it can be accepted on the standard record. */
export function prerequisites(command: CommandType): CustodyEvent[] {
  return (special[command] ?? openRecord)();
}

const pace = () => openRecord({ profile: 'ew_pace', legalBasis: 'PACE s.24' });
const running = () => [...openRecord(), interrogationStarted()];

/** The observation level constant, set at 40 min (a lowering from it needs a supervisor). */
export function observedConstantly(): CustodyEvent[] {
  return [
    ...openRecord(),
    event(
      'ObservationLevelSet',
      { level: 'constant', rationale: 'Сп’яніння' },
      { id: 'e-observation', at: at(40), actor: actors.inspector },
    ),
  ];
}

/** A pending request by the custody inspector, at 50 min, to lower observation to intermittent. */
export function approvalRequested(): CustodyEvent[] {
  return [
    ...observedConstantly(),
    event(
      'ApprovalRequested',
      { subject: 'observation_lowering', level: 'intermittent', rationale: 'Протверезів' },
      { id: 'e-approval-request', at: at(50), actor: actors.inspector },
    ),
  ];
}

const special: Partial<Record<CommandType, () => CustodyEvent[]>> = {
  RequestApproval: observedConstantly,
  DecideApproval: approvalRequested,
  RecordDetention: () => [],
  RecordDelivery: () => openRecord().slice(0, 1),
  RegisterDetainee: () => openRecord().slice(0, 2),
  RecordPaceAuthorisation: pace,
  RecordPaceReview: pace,
  EndContact: () => [
    ...openRecord(),
    event(
      'ContactStarted',
      { person, role: 'lawyer', purpose: 'Побачення', flagged: false },
      { id: 'e-contact', at: at(40) },
    ),
  ],
  EndInvestigativeAction: () => [
    ...openRecord(),
    event(
      'InvestigativeActionStarted',
      { kind: 'Впізнання', investigatorId: 'investigator-1', defenderPresent: true },
      { id: 'e-action', at: at(40), actor: actors.investigator },
    ),
  ],
  PauseInterrogation: running,
  EndInterrogation: running,
  ResumeInterrogation: () => [
    ...running(),
    event('InterrogationPaused', {}, { at: at(50), actor: actors.investigator }),
  ],
  AnswerDetaineeRequest: () => [
    ...openRecord(),
    event('DetaineeRequestMade', { request: 'Дзвінок' }, { id: 'e-request', at: at(40) }),
  ],
  AnswerComplaint: () => [
    ...openRecord(),
    event('ComplaintMade', { complaint: 'Холодно' }, { id: 'e-complaint', at: at(40) }),
  ],
};

export function interrogationStarted(options: { at?: string; defenderPresent?: boolean } = {}) {
  return event(
    'InterrogationStarted',
    { interrogatorId: 'investigator-1', defenderPresent: options.defenderPresent ?? true },
    { id: 'e-interrogation', at: options.at ?? at(40), actor: actors.investigator },
  );
}
