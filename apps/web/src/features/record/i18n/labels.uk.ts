import { capitalTerm } from '@custody/domain';
/**
 * Ukrainian names of the domain's enumerations (events, profiles, deadlines, notification kinds,
 * observation levels, refusals) for the duty-unit screens. Every key must exist in labels.en.ts.
 */
export const labelsUk = {
  'profile.ua_criminal_208': 'КПК ст. 208 (без ухвали)',
  'profile.ua_ruling_191': 'КПК ст. 191 (ухвала суду)',
  'profile.ua_administrative': 'Адміністративне (КУпАП)',
  'profile.ua_administrative_border': 'Адміністративне, прикордонне',
  'profile.ew_pace': 'PACE (Англія й Уельс)',

  'recordStatus.detained': 'Затримано, не доставлено',
  'recordStatus.in_custody': 'У підрозділі',
  'recordStatus.released': 'Звільнено',
  'recordStatus.transferred': 'Передано',

  'observation.general': 'Загальне',
  'observation.intermittent': 'Періодичне',
  'observation.constant': 'Постійне',
  'observation.close_proximity': 'Безпосереднє',

  'approvalSubject.observation_lowering': 'Зниження рівня нагляду',
  'approvalDecision.approved': 'Погоджено',
  'approvalDecision.refused': 'Відмовлено',

  'notification.legal_aid_centre': capitalTerm('legalAidCentre', 'uk'),
  'notification.relative': 'Родичі або особа за вибором',
  'notification.parents_guardians': 'Батьки або опікуни',
  'notification.guardianship_authority': 'Орган опіки',
  'notification.consulate': 'Консульство',
  'notification.child_left_without_care': 'Дитина без догляду: орган опіки',
  'notification.prosecutor': 'Прокурор',

  'obligation.suspicion_notice': 'Повідомлення про підозру',
  'obligation.court_appearance': 'Доставлення до суду',
  'obligation.detention_limit': 'Граничний строк тримання',
  'obligation.administrative_delivery_stay': 'Перебування доставленого',
  'obligation.prosecutor_notice': 'Повідомлення прокурора',
  'obligation.pace_review': 'Перегляд тримання (PACE)',
  'obligation.notification': 'Повідомлення',
  'obligation.rights_explained': 'Роз’яснення прав і підстав затримання',
  'obligation.delivery_explanation': 'Пояснення затримки доставлення',
  'obligation.interrogation_break': 'Перерва в допиті',
  'obligation.interrogation_daily': 'Допит за добу',
  'obligation.juvenile_defender': 'Захисник неповнолітнього',
  'obligation.cell_check': capitalTerm('cellCheck', 'uk'),
  'obligation.meal': 'Харчування',
  'obligation.rest': 'Відпочинок',

  'personKind.identified': 'Встановлена особа',
  'personKind.unidentified': 'Невстановлена особа',

  'meal.light': 'Легке',
  'meal.main': 'Основне',

  'substance.alcohol': 'Алкоголь',
  'substance.drugs': 'Наркотичні речовини',
  'substance.unknown': 'Невідомо',

  'requestedBy.detainee': 'Затриманий',
  'requestedBy.officer': 'Працівник поліції',
  'requestedBy.medical': 'Медичний працівник',

  'service.ambulance': 'Швидка медична допомога',
  'service.unit_medic': 'Медик підрозділу',
  'service.hospital': 'Лікарня',
  'service.other': 'Інше',

  'examination.injuries': 'Тілесні ушкодження',
  'examination.intoxication': 'Сп’яніння',
  'examination.general': 'Загальний огляд',

  'consent.given': 'Надано',
  'consent.withdrawn': 'Відкликано',

  'courtOutcome.custody': 'Тримання під вартою',
  'courtOutcome.bail': 'Застава',
  'courtOutcome.release': 'Звільнення',
  'courtOutcome.house_arrest': 'Домашній арешт',
  'courtOutcome.other': 'Інше',

  'paceAuthorisation.superintendent_extension': 'Продовження суперінтендантом (до 36 год)',
  'paceAuthorisation.warrant_of_further_detention': 'Ордер на подальше тримання',
  'paceAuthorisation.warrant_extension': 'Продовження ордера',

  'paceReview.continued': 'Тримання продовжено',
  'paceReview.release_ordered': 'Наказано звільнити',

  'attachment.photo': 'Фото',
  'attachment.document': 'Документ',
  'attachment.audio': 'Аудіозапис',
  'attachment.video': 'Відеозапис',
  'attachment.other': 'Інше',

  'document.rights_notice': 'Пам’ятка про права',
  'document.detention_protocol': 'Протокол затримання',
  'document.property_receipt': 'Розписка про речі',
  'document.record_extract': 'Витяг із картки',
  'document.medical_referral': 'Направлення на медичний огляд',
  'document.court_decision': 'Рішення суду',
  'document.other': 'Інше',

  'refusal.wrong_unit': 'Доставлення до іншого підрозділу оформлюється передачею.',
  'refusal.version_conflict': 'Картку щойно змінив інший працівник. Дані оновлено — повторіть дію.',
  'refusal.forbidden': 'Ваша роль не дозволяє цю дію.',
  'refusal.not_found': 'Картку не знайдено або вона вам недоступна.',
} as const;

export type LabelKey = keyof typeof labelsUk;
export type Labels = Readonly<Record<LabelKey, string>>;
