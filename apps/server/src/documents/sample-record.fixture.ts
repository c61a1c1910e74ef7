import type { JsonValue } from '@custody/ledger';

/** A custody record as a command handler would hand it to the store; used by the tests. */
export const SAMPLE_RECORD_ID = 'rec-2025-0142';

export const SAMPLE_UNIT = {
  name: 'Шевченківське управління поліції',
  code: 'KYIV-SH-01',
  timeZone: 'Europe/Kyiv',
};

export const SAMPLE_PEOPLE: Record<string, string> = {
  'off-1': 'Коваленко Петро',
  'insp-1': 'Мельник Олена',
  'duty-1': 'Бондар Ігор',
  'med-1': 'Савчук Ірина',
};

interface SampleEvent {
  id: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  payload: JsonValue;
}

const officer = { id: 'off-1', role: 'detaining_officer' };
const duty = { id: 'duty-1', role: 'duty_inspector' };
const inspector = { id: 'insp-1', role: 'custody_inspector' };

function ev(
  n: number,
  type: string,
  occurredAt: string,
  actor: SampleEvent['actor'],
  payload: JsonValue,
  recordedAt = occurredAt,
): SampleEvent {
  return { id: `evt-${String(n).padStart(3, '0')}`, type, occurredAt, recordedAt, actor, payload };
}

/** Winter in Kyiv (UTC+02:00): 08:40Z is 10:40 local. */
export const SAMPLE_EVENTS: SampleEvent[] = [
  ev(1, 'DetentionRecorded', '2025-01-15T08:40:00Z', officer, {
    recordId: SAMPLE_RECORD_ID,
    person: { kind: 'identified', fullName: 'Шевчук Андрій Олегович', dateOfBirth: '1990-04-02' },
    place: { description: 'м. Київ, вул. Хрещатик, 22' },
    detainingOfficers: [{ id: 'off-1', name: 'Коваленко Петро' }],
    profile: 'ua_criminal_208',
    legalBasis: 'КПК ст. 208 ч. 1 п. 1',
    grounds: 'Застигнутий під час вчинення крадіжки з магазину; свідки вказали на нього.',
    juvenile: false,
    foreigner: false,
    language: 'uk',
    bodycamRefs: [{ cameraId: 'BC-0193' }],
  }),
  ev(2, 'DetaineeDelivered', '2025-01-15T09:05:00Z', officer, { unitId: 'KYIV-SH-01' }),
  ev(3, 'DetaineeRegistered', '2025-01-15T09:07:00Z', duty, { custodyNumber: 'КР-0142/2025' }),
  ev(4, 'ResponsibleOfficialAssigned', '2025-01-15T09:08:00Z', duty, {
    officialId: 'insp-1',
    officialName: 'Мельник Олена',
  }),
  ev(5, 'RightsExplained', '2025-01-15T09:12:00Z', inspector, {
    language: 'uk',
    writtenNoticeHandedOver: true,
    signature: { signed: true },
  }),
  ev(6, 'NotificationMade', '2025-01-15T09:15:00Z', inspector, {
    kind: 'legal_aid_centre',
    recipient: 'Київський місцевий центр з надання БПД',
    method: 'electronic_system',
    referenceNumber: 'БПД-77812',
    madeBy: { id: 'insp-1', name: 'Мельник Олена' },
    delegatedToOfficer: false,
  }),
  ev(7, 'NotificationMade', '2025-01-15T09:20:00Z', inspector, {
    kind: 'relative',
    recipient: 'Шевчук Марія (дружина), +380 67 000 00 00',
    method: 'phone',
    madeBy: { id: 'insp-1', name: 'Мельник Олена' },
    delegatedToOfficer: false,
  }),
  ev(8, 'InjuriesRecorded', '2025-01-15T09:25:00Z', inspector, {
    injuries: [
      { bodyRegion: 'left_arm', description: 'Садно 3 см на передпліччі', photoSha256: [] },
    ],
    onArrival: true,
    detaineeExplanation: 'Впав до затримання',
  }),
  ev(9, 'IntoxicationRecorded', '2025-01-15T09:26:00Z', inspector, {
    intoxicated: true,
    substance: 'alcohol',
    signs: 'Запах алкоголю, порушена координація',
  }),
  ev(10, 'MedicalExaminationReferred', '2025-01-15T09:30:00Z', inspector, {
    kind: 'intoxication',
    institution: 'КНП «Київський міський наркологічний центр»',
    referralNumber: 'НЗ-311',
  }),
  ev(11, 'MedicalExaminationReferred', '2025-01-15T09:31:00Z', inspector, {
    kind: 'injuries',
    institution: 'КНП «Центр екстреної медичної допомоги»',
    referralNumber: 'МО-112',
  }),
  ev(12, 'PropertyRecorded', '2025-01-15T09:40:00Z', duty, {
    items: [
      { description: 'Мобільний телефон Samsung', quantity: 1 },
      { description: 'Гаманець шкіряний, 450 грн', quantity: 1 },
      { description: 'Ключі', quantity: 3, notes: 'на брелоку' },
    ],
    bagSealNumber: 'П-004471',
    signature: { signed: true },
  }),
  ev(13, 'DetaineeMoved', '2025-01-15T09:45:00Z', duty, {
    to: { cellId: 'cell-3', description: 'Камера № 3' },
    purpose: 'Розміщення',
    escort: [{ name: 'Бондар Ігор' }],
  }),
  ev(14, 'CellCheckRecorded', '2025-01-15T10:15:00Z', duty, {
    condition: 'Спить, дихання рівне',
    roused: true,
    response: 'Відповідає',
    concern: false,
  }),
  ev(
    15,
    'DetentionProtocolDrawnUp',
    '2025-01-15T10:30:00Z',
    inspector,
    { protocolNumber: 'ПЗ-0142', copyHandedToDetainee: true, copySentToProsecutor: true },
    '2025-01-15T11:02:00Z',
  ),
  ev(16, 'DetaineeReleased', '2025-01-16T07:10:00Z', inspector, {
    ground: 'investigator_decision',
    legalBasis: 'КПК ст. 211 ч. 3',
    propertyReturned: 'yes',
    recordCopyHandedOver: true,
    signature: { signed: true },
  }),
];
