import { DESTINATION_KINDS, RELEASE_GROUNDS } from '@custody/domain';
import { opts, type RecordAction } from './action.ts';

const DOCUMENTS = [
  'rights_notice',
  'detention_protocol',
  'property_receipt',
  'record_extract',
  'medical_referral',
  'court_decision',
  'other',
];

/** Keeping the record right (domain.md §1, §3): corrections, camera bookmarks, documents handed over. */
export const RECORD_ACTIONS: readonly RecordAction[] = [
  {
    id: 'correction',
    command: 'CorrectEntry',
    label: 'act.correction',
    group: 'record',
    defaults: () => ({ correctedFields: {} }),
    fields: [
      {
        kind: 'entry',
        name: 'targetEventId',
        label: 'act.whichEntry',
        pick: (timeline) =>
          timeline.filter(
            (e) => e.type !== 'EntryCorrected' && e.type !== 'PayloadErased' && e.payload !== null,
          ),
      },
      { kind: 'correction', name: 'correctedFields' },
      {
        kind: 'instant',
        name: 'correctedOccurredAt',
        optional: true,
        hint: 'act.correctedTimeHint',
      },
      { kind: 'area', name: 'reason', label: 'act.correctionReason' },
    ],
  },
  {
    id: 'bookmark',
    command: 'BookmarkCamera',
    label: 'act.bookmark',
    group: 'record',
    fields: [
      { kind: 'text', name: 'cameraId', label: 'act.camera' },
      { kind: 'instant', name: 'from', label: 'act.footageFrom' },
      { kind: 'instant', name: 'to', label: 'act.footageTo' },
      {
        kind: 'entry',
        name: 'relatesToEventId',
        label: 'act.relatesTo',
        optional: true,
        pick: (timeline) => timeline.filter((e) => e.payload !== null),
      },
      { kind: 'area', name: 'note', optional: true },
    ],
  },
  {
    id: 'handOver',
    command: 'HandOverDocument',
    label: 'act.handOver',
    group: 'record',
    fields: [
      { kind: 'select', name: 'documentKind', options: opts('document', DOCUMENTS) },
      { kind: 'person', name: 'to', label: 'act.handedTo' },
      { kind: 'signature', name: 'signature', optional: true },
    ],
  },
  {
    id: 'martialLaw',
    command: 'RecordMartialLawConditions',
    label: 'act.martialLaw',
    group: 'record',
    defaults: (ctx) => ({ supervisorId: ctx.user.id }),
    fields: [{ kind: 'area', name: 'conditions', hint: 'act.martialLawHint' }],
  },
];

/** The end of custody (domain.md §3.13): release or transfer with its legal ground. */
export const END_ACTIONS: readonly RecordAction[] = [
  {
    id: 'release',
    command: 'ReleaseDetainee',
    label: 'end.release',
    group: 'end',
    submitLabel: 'end.confirmRelease',
    fields: [
      {
        kind: 'select',
        name: 'ground',
        label: 'end.ground',
        options: opts('ground', RELEASE_GROUNDS),
      },
      { kind: 'text', name: 'legalBasis', label: 'end.legalBasis' },
      {
        kind: 'text',
        name: 'timeLimit',
        label: 'end.timeLimit',
        showIf: (p) => p['ground'] === 'time_limit_reached',
        optional: true,
      },
      {
        kind: 'choice',
        name: 'propertyReturned',
        label: 'end.property',
        options: opts('end.property', ['yes', 'no', 'none_held']),
      },
      { kind: 'yesno', name: 'recordCopyHandedOver', label: 'end.copyHandedOver' },
      { kind: 'signature', name: 'signature', optional: true },
    ],
  },
  {
    id: 'transfer',
    command: 'TransferDetainee',
    label: 'end.transfer',
    group: 'end',
    submitLabel: 'end.confirmTransfer',
    defaults: () => ({ escort: [] }),
    fields: [
      {
        kind: 'select',
        name: 'destinationKind',
        label: 'end.destinationKind',
        options: opts('destination', DESTINATION_KINDS),
      },
      { kind: 'text', name: 'destinationName', label: 'end.destinationName' },
      { kind: 'area', name: 'ground', label: 'end.transferGround' },
      { kind: 'people', name: 'escort', label: 'end.escort', hint: 'act.namesHint' },
      { kind: 'person', name: 'handedOverTo', label: 'end.handedOverTo' },
      { kind: 'area', name: 'notes', optional: true },
    ],
  },
];
