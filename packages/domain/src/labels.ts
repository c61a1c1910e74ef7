import { capitalTerm } from './glossary.ts';
import type { DomainErrorCode } from './errors.ts';
import type { EventType } from './events.ts';
import type { Label } from './label.ts';

export type { Label } from './label.ts';

/** Short names of entries as officers see them in the record timeline. */
export const EVENT_LABELS: Record<EventType, Label> = {
  DetentionRecorded: { uk: 'Фактичне затримання', en: 'Actual detention' },
  DetaineeDelivered: { uk: 'Доставлення до підрозділу', en: 'Delivered to the unit' },
  DetaineeRegistered: { uk: 'Реєстрація черговою частиною', en: 'Registered by the duty desk' },
  ResponsibleOfficialAssigned: {
    uk: 'Призначено відповідального за перебування',
    en: 'Responsible official assigned',
  },
  RightsExplained: { uk: 'Роз’яснено права', en: 'Rights explained' },
  NotificationMade: { uk: 'Повідомлення про затримання', en: 'Notification made' },
  ConsularNotificationRequested: {
    uk: 'Запит на повідомлення консульства',
    en: 'Consular notification requested',
  },
  ConsularNotificationDeclined: {
    uk: 'Відмова від повідомлення консульства',
    en: 'Consular notification declined',
  },
  OfficerInterviewed: {
    uk: 'Опитано працівника, що затримав',
    en: 'Detaining officer interviewed',
  },
  DetaineeInterviewed: { uk: 'Опитано затриманого', en: 'Detainee interviewed' },
  InjuriesRecorded: { uk: 'Тілесні ушкодження', en: 'Injuries recorded' },
  HealthComplaintRecorded: { uk: 'Скарга на здоров’я', en: 'Health complaint' },
  IntoxicationRecorded: { uk: 'Стан сп’яніння', en: 'Intoxication' },
  MedicationRecorded: { uk: 'Ліки', en: 'Medication' },
  MedicalAidRequested: { uk: 'Виклик медичної допомоги', en: 'Medical aid requested' },
  MedicalAidProvided: { uk: 'Надано медичну допомогу', en: 'Medical aid provided' },
  MedicalExaminationReferred: { uk: 'Направлення на огляд', en: 'Referred for examination' },
  HealthDataConsentRecorded: {
    uk: 'Згода на розкриття даних про здоров’я',
    en: 'Health data consent',
  },
  RiskAssessed: { uk: 'Оцінка ризиків', en: 'Risk assessed' },
  ObservationLevelSet: { uk: 'Рівень нагляду', en: 'Observation level set' },
  ApprovalRequested: { uk: 'Запит на погодження', en: 'Approval requested' },
  ApprovalDecided: { uk: 'Рішення керівника', en: 'Supervisor’s decision' },
  PropertyRecorded: { uk: 'Опис речей', en: 'Property recorded' },
  PropertyReturned: { uk: 'Речі повернуто', en: 'Property returned' },
  PropertyRetained: { uk: 'Речі залишено', en: 'Property retained' },
  DetaineeMoved: { uk: 'Переміщення', en: 'Moved' },
  ContactStarted: { uk: 'Початок контакту', en: 'Contact started' },
  ContactEnded: { uk: 'Кінець контакту', en: 'Contact ended' },
  DetentionProtocolDrawnUp: {
    uk: 'Складено протокол затримання',
    en: 'Detention protocol drawn up',
  },
  SuspicionNoticeServed: { uk: 'Вручено повідомлення про підозру', en: 'Suspicion notice served' },
  InvestigativeActionStarted: { uk: 'Початок слідчої дії', en: 'Investigative action started' },
  InvestigativeActionEnded: { uk: 'Кінець слідчої дії', en: 'Investigative action ended' },
  InterrogationStarted: { uk: 'Початок допиту', en: 'Interrogation started' },
  InterrogationPaused: { uk: 'Перерва в допиті', en: 'Interrogation paused' },
  InterrogationResumed: { uk: 'Допит продовжено', en: 'Interrogation resumed' },
  InterrogationEnded: { uk: 'Кінець допиту', en: 'Interrogation ended' },
  CourtHearingScheduled: { uk: 'Призначено судове засідання', en: 'Court hearing scheduled' },
  CourtDecisionRecorded: { uk: 'Рішення суду', en: 'Court decision' },
  DetentionReclassified: { uk: 'Змінено підставу затримання', en: 'Detention reclassified' },
  PaceAuthorisationRecorded: { uk: 'PACE: продовження строку', en: 'PACE authorisation' },
  PaceReviewRecorded: { uk: 'PACE: перегляд тримання', en: 'PACE review' },
  CellCheckRecorded: { uk: capitalTerm('cellCheck', 'uk'), en: capitalTerm('cellCheck', 'en') },
  MealOffered: { uk: 'Харчування', en: 'Meal offered' },
  DrinkOffered: { uk: 'Пиття', en: 'Drink offered' },
  RestPeriodRecorded: { uk: 'Відпочинок', en: 'Rest period' },
  DetaineeRequestMade: { uk: 'Прохання затриманого', en: 'Detainee request' },
  DetaineeRequestAnswered: { uk: 'Відповідь на прохання', en: 'Request answered' },
  ComplaintMade: { uk: 'Скарга', en: 'Complaint' },
  ComplaintAnswered: { uk: 'Відповідь на скаргу', en: 'Complaint answered' },
  IncidentRecorded: { uk: 'Інцидент', en: 'Incident' },
  ForceUsed: { uk: 'Застосування сили', en: 'Force used' },
  MartialLawConditionsRecorded: { uk: 'Умови воєнного стану', en: 'Martial law conditions' },
  DetaineeReleased: { uk: 'Звільнення', en: 'Released' },
  DetaineeTransferred: { uk: 'Передано', en: 'Transferred' },
  EntryCorrected: { uk: 'Виправлення запису', en: 'Entry corrected' },
  AttachmentAdded: { uk: 'Додано файл', en: 'Attachment added' },
  CameraBookmarked: { uk: 'Відеофіксація', en: 'Camera bookmark' },
  DocumentHandedOver: { uk: 'Вручено документ', en: 'Document handed over' },
  PayloadErased: { uk: 'Дані видалено на законній підставі', en: 'Data lawfully erased' },
};

/**
 * The name an entry withheld from its reader as health or risk data shows instead of its kind
 * (domain.md §5): "Стан сп'яніння" would itself tell of the detainee's health.
 */
export const WITHHELD_HEALTH_ENTRY_LABEL: Label = {
  uk: 'Запис про здоров’я — приховано',
  en: 'Health entry — withheld',
};

/**
 * The name of an entry as a screen or a document shows it to one reader: its kind, or the neutral
 * name when it is withheld from them as health or risk data (`health_without_consent`, decided by
 * the server's healthEntries); an unknown kind shows as stored.
 */
export function entryLabel(
  type: string,
  withheld: string | null | undefined,
  locale: keyof Label,
): string {
  if (withheld === 'health_without_consent') return WITHHELD_HEALTH_ENTRY_LABEL[locale];
  return Object.hasOwn(EVENT_LABELS, type) ? EVENT_LABELS[type as EventType][locale] : type;
}

/** Why a command was refused, for the user (the API returns the code; the UI shows this). */
export const DOMAIN_ERROR_LABELS: Record<DomainErrorCode, Label> = {
  invalid_payload: {
    uk: 'Запис заповнено неправильно',
    en: 'The entry is not filled in correctly',
  },
  future_occurred_at: {
    uk: 'Час події в майбутньому',
    en: 'The time of the event is in the future',
  },
  occurred_before_detention: {
    uk: 'Час події раніше фактичного затримання',
    en: 'The time precedes the actual detention',
  },
  delivery_before_detention: {
    uk: 'Доставлення не може бути раніше затримання',
    en: 'Delivery cannot precede detention',
  },
  delivery_delay_unexplained: {
    uk: 'Поясніть причину тривалого доставлення',
    en: 'Explain why delivery took so long',
  },
  already_delivered: { uk: 'Особу вже доставлено', en: 'The person has already been delivered' },
  not_delivered: { uk: 'Особу ще не доставлено', en: 'The person has not been delivered yet' },
  already_registered: { uk: 'Особу вже зареєстровано', en: 'The person is already registered' },
  record_closed: { uk: 'Перебування завершено', en: 'Custody has ended' },
  record_not_found: { uk: 'Запису про затримання немає', en: 'No detention has been recorded' },
  record_exists: { uk: 'Запис про затримання вже існує', en: 'The detention is already recorded' },
  separation_of_duties: {
    uk: 'Відповідальний за перебування не може бути слідчим, дізнавачем чи оперативним працівником у цій справі',
    en: 'The responsible official cannot be an investigator, inquirer or operational officer on this case',
  },
  observation_lowering_needs_supervisor: {
    uk: 'Зниження рівня нагляду потребує обґрунтування і погодження керівника',
    en: 'Lowering observation needs a rationale and a supervisor’s approval',
  },
  approver_not_supervisor: {
    uk: 'Погоджує лише чинний керівник підрозділу цієї картки',
    en: 'Only an active supervisor of this record’s unit may approve',
  },
  placement_breaks_rules: {
    uk: 'Розміщення порушує правила розміщення; зазначте причину, і його буде позначено',
    en: 'The placement breaks a placement rule; state the reason and it is recorded flagged',
  },
  juvenile_interrogation_without_defender: {
    uk: 'Допит неповнолітнього лише за участі захисника',
    en: 'A juvenile is interrogated only with a defender',
  },
  interrogation_already_running: { uk: 'Допит уже триває', en: 'An interrogation is under way' },
  interrogation_not_running: { uk: 'Допит не триває', en: 'No interrogation is running' },
  interrogation_not_paused: { uk: 'Допит не перервано', en: 'The interrogation is not paused' },
  contact_not_open: { uk: 'Контакт не розпочато', en: 'No such contact is open' },
  investigative_action_not_open: {
    uk: 'Слідча дія не триває',
    en: 'No such investigative action is running',
  },
  reference_not_found: {
    uk: 'Посилання на запис не знайдено',
    en: 'The referenced entry was not found',
  },
  ground_required: { uk: 'Зазначте підставу', en: 'State the legal ground' },
  correction_target_missing: {
    uk: 'Виправлюваного запису немає в цій справі',
    en: 'The corrected entry is not in this record',
  },
  correction_not_allowed: {
    uk: 'Цей запис не виправляється',
    en: 'This entry cannot be corrected',
  },
  erasure_target_missing: {
    uk: 'Запису для видалення даних немає',
    en: 'The entry to erase is not in this record',
  },
  already_erased: { uk: 'Дані вже видалено', en: 'The data has already been erased' },
  wrong_profile: {
    uk: 'Не застосовується до цієї підстави затримання',
    en: 'Not applicable to this legal basis',
  },
  not_foreigner: { uk: 'Лише для іноземців', en: 'For foreign nationals only' },
  approval_not_needed: {
    uk: 'Погодження потрібне лише для зниження рівня нагляду',
    en: 'Approval is needed only to lower the observation level',
  },
  approval_already_pending: {
    uk: 'Запит на погодження вже очікує рішення керівника',
    en: 'A request for approval is already awaiting a supervisor’s decision',
  },
  approval_by_requester: {
    uk: 'Хто просив погодження, той його не погоджує',
    en: 'The person who asked for approval cannot decide it',
  },
  approval_before_request: {
    uk: 'Рішення не може передувати запиту',
    en: 'A decision cannot precede its request',
  },
};
