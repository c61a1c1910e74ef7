import type { Locale } from '../../../i18n/index.ts';

/** Reader-facing names of the payload fields that occur most often (uk, en). */
const LABELS: Readonly<Record<string, readonly [uk: string, en: string]>> = {
  accepted: ['Прийнято', 'Accepted'],
  answer: ['Відповідь', 'Answer'],
  article: ['Стаття', 'Article'],
  authorisedBy: ['Дозволив', 'Authorised by'],
  bagSealNumber: ['Номер пломби пакета', 'Bag seal number'],
  bodycamRefs: ['Записи нагрудних камер', 'Body-worn camera footage'],
  caseNumber: ['Номер справи', 'Case number'],
  clockStartsAt: ['Відлік строку з', 'Clock starts at'],
  complaint: ['Скарга', 'Complaint'],
  concern: ['Занепокоєння', 'Concern'],
  condition: ['Стан', 'Condition'],
  conditions: ['Умови', 'Conditions'],
  consent: ['Згода', 'Consent'],
  copyHandedToDetainee: ['Копію вручено затриманому', 'Copy handed to the detainee'],
  copySentToProsecutor: ['Копію надіслано прокурору', 'Copy sent to the prosecutor'],
  country: ['Країна', 'Country'],
  court: ['Суд', 'Court'],
  custodyNumber: ['Номер запису', 'Custody number'],
  dateOfBirth: ['Дата народження', 'Date of birth'],
  defender: ['Захисник', 'Defender'],
  defenderPresent: ['Захисник присутній', 'Defender present'],
  delegatedToOfficer: ['Доручено працівнику', 'Delegated to an officer'],
  deliveredBy: ['Доставив', 'Delivered by'],
  description: ['Опис', 'Description'],
  destinationName: ['Куди', 'Destination'],
  details: ['Подробиці', 'Details'],
  detainingOfficers: ['Затримали', 'Detaining officers'],
  escort: ['Конвой', 'Escort'],
  factors: ['Чинники', 'Factors'],
  flagged: ['Позначено', 'Flagged'],
  forceReported: ['Повідомлено про силу', 'Use of force reported'],
  foreigner: ['Іноземець', 'Foreign national'],
  from: ['З', 'From'],
  fullName: ['ПІБ', 'Full name'],
  ground: ['Підстава', 'Ground'],
  grounds: ['Підстави', 'Grounds'],
  identityDocument: ['Документ, що посвідчує особу', 'Identity document'],
  illTreatmentAlleged: ['Заява про погане поводження', 'Ill-treatment alleged'],
  injuries: ['Тілесні ушкодження', 'Injuries'],
  injuriesReported: ['Повідомлено про ушкодження', 'Injuries reported'],
  institution: ['Установа', 'Institution'],
  interpreter: ['Перекладач', 'Interpreter'],
  intoxicated: ['Сп’яніння', 'Intoxicated'],
  items: ['Речі', 'Items'],
  juvenile: ['Неповнолітній', 'Juvenile'],
  kind: ['Вид', 'Kind'],
  language: ['Мова', 'Language'],
  latitude: ['Широта', 'Latitude'],
  legalBasis: ['Правова підстава', 'Legal basis'],
  level: ['Рівень', 'Level'],
  longitude: ['Довгота', 'Longitude'],
  madeBy: ['Хто повідомив', 'Made by'],
  method: ['Спосіб', 'Method'],
  name: ['Ім’я', 'Name'],
  nationality: ['Громадянство', 'Nationality'],
  note: ['Примітка', 'Note'],
  notes: ['Примітки', 'Notes'],
  observationLevel: ['Рівень нагляду', 'Observation level'],
  officerName: ['Працівник', 'Officer'],
  officialName: ['Посадова особа', 'Official'],
  onArrival: ['Під час доставлення', 'On arrival'],
  outcome: ['Результат', 'Outcome'],
  person: ['Особа', 'Person'],
  place: ['Місце', 'Place'],
  proceedingNumber: ['Номер провадження', 'Proceeding number'],
  profile: ['Правовий режим', 'Legal profile'],
  purpose: ['Мета', 'Purpose'],
  quantity: ['Кількість', 'Quantity'],
  reason: ['Причина', 'Reason'],
  recipient: ['Кому', 'Recipient'],
  referenceNumber: ['Номер звернення', 'Reference number'],
  role: ['Роль', 'Role'],
  roused: ['Розбуджено', 'Roused'],
  scheduledFor: ['Заплановано на', 'Scheduled for'],
  signature: ['Підпис', 'Signature'],
  signed: ['Підписано', 'Signed'],
  summary: ['Зміст', 'Summary'],
  to: ['До', 'To'],
  writtenNoticeHandedOver: ['Вручено письмову пам’ятку', 'Written notice handed over'],
};

/** Splits a camelCase or snake_case key into lower-case words with a capital first letter. */
export function humaniseKey(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a payload field in the interface language; unknown keys turned into words. */
export function fieldLabel(key: string, locale: Locale): string {
  const known = LABELS[key];
  if (known) return locale === 'uk' ? known[0] : known[1];
  return humaniseKey(key);
}
