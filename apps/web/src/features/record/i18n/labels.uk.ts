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

  'notification.legal_aid_centre': 'Центр безоплатної правничої допомоги',
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
  'obligation.delivery_explanation': 'Пояснення затримки доставлення',
  'obligation.interrogation_break': 'Перерва в допиті',
  'obligation.interrogation_daily': 'Допит за добу',
  'obligation.juvenile_defender': 'Захисник неповнолітнього',
  'obligation.cell_check': 'Перевірка камери',
  'obligation.meal': 'Харчування',
  'obligation.rest': 'Відпочинок',

  'refusal.wrong_unit': 'Доставлення до іншого підрозділу оформлюється передачею.',
  'refusal.version_conflict': 'Запис щойно змінив інший працівник. Дані оновлено — повторіть дію.',
  'refusal.forbidden': 'Ваша роль не дозволяє цю дію.',
  'refusal.not_found': 'Запис не знайдено або він вам недоступний.',
} as const;

export type LabelKey = keyof typeof labelsUk;
export type Labels = Readonly<Record<LabelKey, string>>;
