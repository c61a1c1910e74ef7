import type { Room } from '@custody/contracts';
import type {
  CommandPayload,
  CommandType,
  NotificationKind,
  ObservationLevel,
} from '@custody/domain';
import { namesToPeople, optional } from '../record/validation.ts';

/** The steps of the guided registration, in the order of domain.md §3 (3-10). */
export const STEPS = [
  'delivery',
  'identity',
  'rights',
  'notifications',
  'health',
  'property',
  'risk',
  'cell',
] as const;
export type StepId = (typeof STEPS)[number];

/** Everything the registration form holds; kept as strings and booleans so a draft is plain JSON. */
export interface RegistrationValues {
  readonly delayExplanation: string;
  readonly custodyNumber: string;
  readonly assignMe: boolean;
  readonly rightsLanguage: string;
  readonly interpreter: string;
  readonly noticeHanded: boolean;
  readonly rightsSigned: boolean;
  readonly rightsRefusal: string;
  readonly notifyKind: NotificationKind;
  readonly notifyRecipient: string;
  readonly notifyMethod: string;
  readonly notifyReference: string;
  readonly notifyDelegated: boolean;
  readonly noInjuries: boolean;
  readonly injuryRegion: string;
  readonly injuryDescription: string;
  readonly injuryExplanation: string;
  readonly intoxicated: boolean;
  readonly intoxicationSigns: string;
  readonly propertyItems: string;
  readonly propertySeal: string;
  readonly propertySigned: boolean;
  readonly propertyRefusal: string;
  readonly atRisk: boolean;
  readonly riskFactors: string;
  readonly riskSummary: string;
  readonly observationLevel: ObservationLevel;
  readonly cellId: string;
  readonly cellPurpose: string;
}

export function defaultValues(language: string, cellPurpose: string): RegistrationValues {
  return {
    delayExplanation: '',
    custodyNumber: '',
    assignMe: true,
    rightsLanguage: language,
    interpreter: '',
    noticeHanded: true,
    rightsSigned: true,
    rightsRefusal: '',
    notifyKind: 'legal_aid_centre',
    notifyRecipient: '',
    notifyMethod: 'phone',
    notifyReference: '',
    notifyDelegated: false,
    noInjuries: true,
    injuryRegion: 'head',
    injuryDescription: '',
    injuryExplanation: '',
    intoxicated: false,
    intoxicationSigns: '',
    propertyItems: '',
    propertySeal: '',
    propertySigned: true,
    propertyRefusal: '',
    atRisk: false,
    riskFactors: '',
    riskSummary: '',
    observationLevel: 'general',
    cellId: '',
    cellPurpose,
  };
}

/** A command a step will send, typed by the domain. */
export type PendingCommand = {
  [C in CommandType]: { readonly type: C; readonly payload: CommandPayload<C> };
}[CommandType];

export interface StepContext {
  readonly unitId: string;
  readonly user: { readonly id: string; readonly displayName: string };
  readonly rooms: readonly Room[];
}

/** "Телефон Samsung × 2" → { description: "Телефон Samsung", quantity: 2 }; blank lines ignored. */
export function parseItems(text: string): { description: string; quantity: number }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const m = /^(.*?)\s*[×xх*]\s*(\d{1,4})$/u.exec(line);
      return m?.[1] && m[2]
        ? { description: m[1], quantity: Number(m[2]) }
        : { description: line, quantity: 1 };
    });
}

const signature = (signed: boolean, reason: string) =>
  signed ? { signed: true as const } : { signed: false as const, reason };

/** The notifications owed "immediately" for this detainee, the legal aid centre first (CMU 1363; КПК ст. 213). */
export function requiredNotifications(juvenile: boolean, foreigner: boolean): NotificationKind[] {
  return [
    'legal_aid_centre',
    'relative',
    ...(juvenile ? (['parents_guardians'] as const) : []),
    ...(foreigner ? (['consulate'] as const) : []),
  ];
}

/** The commands one step sends, in order; empty when the step records nothing (no injuries seen). */
export function stepCommands(
  step: StepId,
  v: RegistrationValues,
  ctx: StepContext,
): PendingCommand[] {
  switch (step) {
    case 'delivery':
      return [
        {
          type: 'RecordDelivery',
          payload: { unitId: ctx.unitId, delayExplanation: optional(v.delayExplanation) },
        },
      ];
    case 'identity':
      return [
        { type: 'RegisterDetainee', payload: { custodyNumber: v.custodyNumber } },
        ...(v.assignMe
          ? [
              {
                type: 'AssignResponsibleOfficial' as const,
                payload: { officialId: ctx.user.id, officialName: ctx.user.displayName },
              },
            ]
          : []),
      ];
    case 'rights':
      return [
        {
          type: 'RecordRightsExplained',
          payload: {
            language: v.rightsLanguage,
            interpreter: optional(v.interpreter) ? { name: v.interpreter } : undefined,
            writtenNoticeHandedOver: v.noticeHanded,
            signature: signature(v.rightsSigned, v.rightsRefusal),
          },
        },
      ];
    case 'notifications':
      return [
        {
          type: 'RecordNotification',
          payload: {
            kind: v.notifyKind,
            recipient: v.notifyRecipient,
            method: v.notifyMethod as 'phone',
            referenceNumber: optional(v.notifyReference),
            madeBy: { id: ctx.user.id, name: ctx.user.displayName },
            delegatedToOfficer: v.notifyDelegated,
          },
        },
      ];
    case 'health':
      return [
        ...(v.noInjuries
          ? []
          : [
              {
                type: 'RecordInjuries' as const,
                payload: {
                  injuries: [
                    {
                      bodyRegion: v.injuryRegion as 'head',
                      description: v.injuryDescription,
                      photoSha256: [],
                    },
                  ],
                  onArrival: true,
                  detaineeExplanation: optional(v.injuryExplanation),
                },
              },
            ]),
        ...(v.intoxicated
          ? [
              {
                type: 'RecordIntoxication' as const,
                payload: { intoxicated: true, signs: v.intoxicationSigns },
              },
            ]
          : []),
      ];
    case 'property':
      return [
        {
          type: 'RecordProperty',
          payload: {
            items: parseItems(v.propertyItems),
            bagSealNumber: optional(v.propertySeal),
            signature: signature(v.propertySigned, v.propertyRefusal),
          },
        },
      ];
    case 'risk':
      return [
        {
          type: 'AssessRisk',
          payload: {
            atRisk: v.atRisk,
            factors: v.riskFactors
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            summary: v.riskSummary,
          },
        },
        { type: 'SetObservationLevel', payload: { level: v.observationLevel } },
      ];
    case 'cell': {
      const room = ctx.rooms.find((r) => r.id === v.cellId);
      return [
        {
          type: 'MoveDetainee',
          payload: {
            to: room ? { cellId: room.id, description: room.name } : { description: '' },
            purpose: v.cellPurpose,
            escort: namesToPeople(ctx.user.displayName),
          },
        },
      ];
    }
  }
}

/** The event that shows a step is already in the record (a second registration is refused). */
export const STEP_EVENT: Readonly<Record<StepId, string | null>> = {
  delivery: 'DetaineeDelivered',
  identity: 'DetaineeRegistered',
  rights: 'RightsExplained',
  notifications: null,
  health: null,
  property: 'PropertyRecorded',
  risk: 'RiskAssessed',
  cell: 'DetaineeMoved',
};

const FIELDS: Partial<Record<CommandType, Readonly<Record<string, keyof RegistrationValues>>>> = {
  RecordDelivery: { delayExplanation: 'delayExplanation' },
  RegisterDetainee: { custodyNumber: 'custodyNumber' },
  RecordRightsExplained: {
    language: 'rightsLanguage',
    interpreter: 'interpreter',
    signature: 'rightsRefusal',
  },
  RecordNotification: { recipient: 'notifyRecipient', referenceNumber: 'notifyReference' },
  RecordInjuries: { injuries: 'injuryDescription', detaineeExplanation: 'injuryExplanation' },
  RecordIntoxication: { signs: 'intoxicationSigns' },
  RecordProperty: {
    items: 'propertyItems',
    bagSealNumber: 'propertySeal',
    signature: 'propertyRefusal',
  },
  AssessRisk: { summary: 'riskSummary', factors: 'riskFactors' },
  MoveDetainee: { to: 'cellId', purpose: 'cellPurpose' },
};

/** The form field that shows the error of a command's payload path (first segment decides). */
export function fieldOf(type: CommandType, path: string): string {
  const head = path.split('.')[0] ?? path;
  return FIELDS[type]?.[head] ?? path;
}
