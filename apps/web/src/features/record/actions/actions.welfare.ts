import { openEntries, opts, type RecordAction } from './action.ts';

const INCIDENTS = [
  'self_harm',
  'violence',
  'damage',
  'escape_attempt',
  'medical_emergency',
  'other',
];

/**
 * Welfare in custody (domain.md §3.12): the quick actions, first on the record page and on each
 * whiteboard row. A cell check, a meal and a drink take one tap on a stated finding (a preset
 * names in full what it records); anything else opens the full form.
 */
export const WELFARE_ACTIONS: readonly RecordAction[] = [
  {
    id: 'cellCheck',
    command: 'RecordCellCheck',
    label: 'qa.cellCheck',
    group: 'quick',
    submitLabel: 'check.submit',
    presets: [
      {
        label: 'check.one.asleep',
        payload: (dt) => ({ condition: dt('check.preset.asleep'), roused: false, concern: false }),
      },
      {
        label: 'check.one.awake',
        payload: (dt) => ({ condition: dt('check.preset.awake'), roused: false, concern: false }),
      },
    ],
    fields: [
      {
        kind: 'area',
        name: 'condition',
        label: 'check.condition',
        presets: ['check.preset.asleep', 'check.preset.awake', 'check.preset.distressed'],
      },
      { kind: 'yesno', name: 'roused', label: 'check.roused' },
      {
        kind: 'area',
        name: 'response',
        label: 'check.response',
        optional: true,
        showIf: (p) => p['roused'] === true,
      },
      { kind: 'yesno', name: 'concern', label: 'check.concern' },
    ],
  },
  {
    id: 'meal',
    command: 'OfferMeal',
    label: 'qa.meal',
    group: 'quick',
    presets: [
      { label: 'meal.one.mainAccepted', payload: () => ({ kind: 'main', accepted: true }) },
      { label: 'meal.one.mainRefused', payload: () => ({ kind: 'main', accepted: false }) },
      { label: 'meal.one.lightAccepted', payload: () => ({ kind: 'light', accepted: true }) },
      { label: 'meal.one.lightRefused', payload: () => ({ kind: 'light', accepted: false }) },
    ],
    fields: [
      {
        kind: 'choice',
        name: 'kind',
        label: 'qa.mealKind',
        options: opts('meal', ['main', 'light']),
      },
      {
        kind: 'yesno',
        name: 'accepted',
        label: 'qa.mealAccepted',
        yes: 'qa.accepted',
        no: 'qa.refused',
      },
      { kind: 'area', name: 'notes', optional: true },
    ],
  },
  {
    id: 'drink',
    command: 'OfferDrink',
    label: 'qa.drink',
    group: 'quick',
    presets: [
      { label: 'drink.one.accepted', payload: () => ({ accepted: true }) },
      { label: 'drink.one.refused', payload: () => ({ accepted: false }) },
    ],
    fields: [
      {
        kind: 'yesno',
        name: 'accepted',
        label: 'qa.drinkAccepted',
        yes: 'qa.accepted',
        no: 'qa.refused',
      },
    ],
  },
  {
    id: 'rest',
    command: 'RecordRestPeriod',
    label: 'act.rest',
    group: 'quick',
    fields: [
      { kind: 'instant', name: 'from', label: 'act.restFrom' },
      { kind: 'instant', name: 'to', label: 'act.restTo' },
      { kind: 'yesno', name: 'interrupted' },
    ],
  },
  {
    id: 'request',
    command: 'RecordDetaineeRequest',
    label: 'qa.request',
    group: 'quick',
    fields: [{ kind: 'area', name: 'request', label: 'qa.requestText' }],
  },
  {
    id: 'answerRequest',
    command: 'AnswerDetaineeRequest',
    label: 'act.answerRequest',
    group: 'quick',
    fields: [
      {
        kind: 'entry',
        name: 'requestEventId',
        label: 'act.whichRequest',
        pick: openEntries('DetaineeRequestMade', 'DetaineeRequestAnswered', 'requestEventId'),
      },
      { kind: 'area', name: 'answer' },
      { kind: 'yesno', name: 'granted' },
    ],
  },
  {
    id: 'complaint',
    command: 'RecordComplaint',
    label: 'act.complaint',
    group: 'quick',
    fields: [
      { kind: 'area', name: 'complaint' },
      { kind: 'person', name: 'against', optional: true },
    ],
  },
  {
    id: 'answerComplaint',
    command: 'AnswerComplaint',
    label: 'act.answerComplaint',
    group: 'quick',
    fields: [
      {
        kind: 'entry',
        name: 'complaintEventId',
        label: 'act.whichComplaint',
        pick: openEntries('ComplaintMade', 'ComplaintAnswered', 'complaintEventId'),
      },
      { kind: 'area', name: 'answer' },
      { kind: 'text', name: 'forwardedTo', optional: true },
    ],
  },
  {
    id: 'incident',
    command: 'RecordIncident',
    label: 'qa.incident',
    group: 'quick',
    fields: [
      {
        kind: 'select',
        name: 'kind',
        label: 'qa.incidentKind',
        options: opts('incident', INCIDENTS),
      },
      { kind: 'area', name: 'description', label: 'qa.description' },
      { kind: 'yesno', name: 'injuriesCaused', label: 'qa.injuriesCaused' },
    ],
  },
  {
    id: 'force',
    command: 'RecordForceUsed',
    label: 'act.force',
    group: 'quick',
    fields: [
      {
        kind: 'officer',
        name: 'uses.0.officerId',
        label: 'act.forceOfficer',
        hint: 'act.forceHint',
      },
      { kind: 'text', name: 'uses.0.technique', label: 'act.technique' },
      { kind: 'area', name: 'uses.0.justification', label: 'act.justification' },
      { kind: 'yesno', name: 'uses.0.injuriesCaused', label: 'qa.injuriesCaused' },
    ],
  },
];
