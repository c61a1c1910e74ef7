import { NOTIFICATION_KINDS, notificationMethod } from '@custody/domain';
import { me, opts, type RecordAction } from './action.ts';

const requests = (type: string) => (timeline: readonly { type: string }[]) =>
  timeline.filter((e) => e.type === type);

/** Rights, notifications and interviews (domain.md §3.4-3.6); their authors are the user. */
export const RIGHTS_ACTIONS: readonly RecordAction[] = [
  {
    id: 'rights',
    command: 'RecordRightsExplained',
    label: 'act.rights',
    group: 'rights',
    fields: [
      { kind: 'text', name: 'language', label: 'reg.rightsLanguage' },
      { kind: 'person', name: 'interpreter', label: 'reg.interpreter', optional: true },
      { kind: 'yesno', name: 'writtenNoticeHandedOver', label: 'reg.noticeHanded' },
      { kind: 'signature', name: 'signature' },
    ],
  },
  {
    id: 'notification',
    command: 'RecordNotification',
    label: 'act.notification',
    group: 'rights',
    defaults: (ctx) => ({ madeBy: me(ctx) }),
    fields: [
      {
        kind: 'select',
        name: 'kind',
        label: 'reg.notify.kind',
        options: opts('notification', NOTIFICATION_KINDS),
      },
      { kind: 'text', name: 'recipient', label: 'reg.notify.recipient' },
      {
        kind: 'select',
        name: 'method',
        label: 'reg.notify.method',
        options: opts('method', notificationMethod.options),
      },
      { kind: 'text', name: 'referenceNumber', label: 'reg.notify.reference', optional: true },
      { kind: 'yesno', name: 'delegatedToOfficer', label: 'reg.notify.delegated' },
      { kind: 'area', name: 'notes', optional: true },
    ],
  },
  {
    id: 'consularRequest',
    command: 'RecordConsularNotificationRequest',
    label: 'act.consularRequest',
    group: 'rights',
    fields: [{ kind: 'text', name: 'country' }],
  },
  {
    id: 'consularDeclined',
    command: 'RecordConsularNotificationDeclined',
    label: 'act.consularDeclined',
    group: 'rights',
    fields: [
      { kind: 'text', name: 'country' },
      { kind: 'signature', name: 'signature' },
    ],
  },
  {
    id: 'officerInterview',
    command: 'RecordOfficerInterview',
    label: 'act.officerInterview',
    group: 'rights',
    fields: [
      { kind: 'officer', name: 'officerId', label: 'act.interviewedOfficer' },
      { kind: 'area', name: 'summary', label: 'act.interviewSummary' },
      { kind: 'yesno', name: 'forceReported' },
      { kind: 'yesno', name: 'injuriesReported' },
    ],
  },
  {
    id: 'detaineeInterview',
    command: 'RecordDetaineeInterview',
    label: 'act.detaineeInterview',
    group: 'rights',
    fields: [
      { kind: 'area', name: 'summary', label: 'act.interviewSummary' },
      { kind: 'yesno', name: 'illTreatmentAlleged' },
      { kind: 'person', name: 'interpreter', label: 'reg.interpreter', optional: true },
    ],
  },
  {
    id: 'healthConsent',
    command: 'RecordHealthDataConsent',
    label: 'act.healthConsent',
    group: 'rights',
    fields: [
      { kind: 'choice', name: 'consent', options: opts('consent', ['given', 'withdrawn']) },
      {
        kind: 'checkboxes',
        name: 'disclosedTo',
        options: opts('contactRole', ['lawyer', 'monitor']),
      },
      { kind: 'signature', name: 'signature' },
    ],
    defaults: () => ({ disclosedTo: [] }),
  },
];

/** Health, risk and observation (domain.md §3.7-3.8): findings of the person who examined. */
export const HEALTH_ACTIONS: readonly RecordAction[] = [
  {
    id: 'injuries',
    command: 'RecordInjuries',
    label: 'act.injuries',
    group: 'health',
    fields: [
      { kind: 'injuries', name: 'injuries' },
      { kind: 'yesno', name: 'onArrival' },
      { kind: 'area', name: 'detaineeExplanation', optional: true },
    ],
  },
  {
    id: 'healthComplaint',
    command: 'RecordHealthComplaint',
    label: 'act.healthComplaint',
    group: 'health',
    fields: [{ kind: 'area', name: 'complaint' }],
  },
  {
    id: 'intoxication',
    command: 'RecordIntoxication',
    label: 'act.intoxication',
    group: 'health',
    fields: [
      { kind: 'yesno', name: 'intoxicated' },
      {
        kind: 'select',
        name: 'substance',
        optional: true,
        options: opts('substance', ['alcohol', 'drugs', 'unknown']),
      },
      { kind: 'area', name: 'signs' },
    ],
  },
  {
    id: 'medication',
    command: 'RecordMedication',
    label: 'act.medication',
    group: 'health',
    fields: [
      { kind: 'text', name: 'medication' },
      { kind: 'text', name: 'dose' },
      { kind: 'person', name: 'administeredBy', optional: true },
    ],
  },
  {
    id: 'aidRequest',
    command: 'RequestMedicalAid',
    label: 'act.aidRequest',
    group: 'health',
    fields: [
      { kind: 'area', name: 'reason' },
      {
        kind: 'select',
        name: 'requestedBy',
        options: opts('requestedBy', ['detainee', 'officer', 'medical']),
      },
      {
        kind: 'select',
        name: 'service',
        options: opts('service', ['ambulance', 'unit_medic', 'hospital', 'other']),
      },
    ],
  },
  {
    id: 'aid',
    command: 'RecordMedicalAid',
    label: 'act.aid',
    group: 'health',
    fields: [
      { kind: 'person', name: 'provider' },
      { kind: 'area', name: 'description' },
      {
        kind: 'entry',
        name: 'requestEventId',
        label: 'act.whichRequest',
        optional: true,
        pick: requests('MedicalAidRequested') as never,
      },
      { kind: 'yesno', name: 'hospitalised' },
    ],
  },
  {
    id: 'referral',
    command: 'ReferForMedicalExamination',
    label: 'act.referral',
    group: 'health',
    fields: [
      {
        kind: 'select',
        name: 'kind',
        options: opts('examination', ['injuries', 'intoxication', 'general']),
      },
      { kind: 'text', name: 'institution' },
      { kind: 'text', name: 'referralNumber', optional: true },
    ],
  },
  {
    id: 'risk',
    command: 'AssessRisk',
    label: 'act.risk',
    group: 'health',
    defaults: () => ({ factors: [] }),
    fields: [
      { kind: 'yesno', name: 'atRisk', label: 'reg.risk.atRisk' },
      {
        kind: 'list',
        name: 'factors',
        label: 'reg.risk.factors',
        hint: 'act.listHint',
        optional: true,
      },
      { kind: 'area', name: 'summary', label: 'reg.risk.summary' },
    ],
  },
  {
    id: 'observation',
    command: 'SetObservationLevel',
    label: 'act.observation',
    group: 'health',
    fields: [
      {
        kind: 'select',
        name: 'level',
        label: 'reg.risk.level',
        hint: 'reg.risk.levelHint',
        options: opts('observation', ['general', 'intermittent', 'constant', 'close_proximity']),
      },
      { kind: 'area', name: 'rationale', optional: true, hint: 'act.observationRationaleHint' },
      // Lowering needs a rationale and the sign-off of an active supervisor of the unit (domain.md
      // §3.8); the domain refuses it otherwise.
      {
        kind: 'supervisor',
        name: 'supervisorApproval',
        label: 'act.approvingSupervisor',
        hint: 'act.approvingSupervisorHint',
        optional: true,
      },
    ],
  },
];
