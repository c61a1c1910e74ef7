import { APPROVAL_DECISIONS, NOTIFICATION_KINDS, notificationMethod } from '@custody/domain';
import { me, opts, type RecordAction } from './action.ts';

/**
 * Requests for approval still pending: not decided, and not lapsed by the level being set again
 * after them (domain evolve: ObservationLevelSet lapses a pending lowering).
 */
export function pendingApprovalEntries<
  E extends { type: string; eventId: string; payload: unknown },
>(timeline: readonly E[]): E[] {
  const pending: E[] = [];
  for (const e of timeline) {
    if (e.type === 'ApprovalRequested') pending.push(e);
    else if (e.type === 'ObservationLevelSet') pending.length = 0;
    else if (e.type === 'ApprovalDecided') {
      const id = (e.payload as { requestEventId?: unknown } | null)?.requestEventId;
      const i = pending.findIndex((p) => p.eventId === id);
      if (i >= 0) pending.splice(i, 1);
    }
  }
  return pending;
}

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
  // The two-step approval (domain.md §3.8): whoever may set the level asks; a supervisor of the
  // unit decides as their own entry, from which an approved lowering takes effect. The one-step
  // form above names a supervisor who signed the lowering off in person (verified by the server).
  {
    id: 'requestApproval',
    command: 'RequestApproval',
    label: 'act.requestApproval',
    group: 'health',
    defaults: () => ({ subject: 'observation_lowering' }),
    fields: [
      {
        kind: 'select',
        name: 'level',
        label: 'act.requestLevel',
        hint: 'act.requestApprovalHint',
        options: opts('observation', ['general', 'intermittent', 'constant']),
      },
      { kind: 'area', name: 'rationale' },
    ],
  },
  {
    id: 'decideApproval',
    command: 'DecideApproval',
    label: 'act.decideApproval',
    group: 'quick',
    // The oldest pending request: what the supervisor was called to decide.
    defaults: (ctx) => {
      const first = pendingApprovalEntries(ctx.timeline)[0];
      return first === undefined ? {} : { requestEventId: first.eventId };
    },
    fields: [
      {
        kind: 'entry',
        name: 'requestEventId',
        label: 'act.whichApproval',
        pick: pendingApprovalEntries,
      },
      {
        kind: 'choice',
        name: 'decision',
        label: 'act.approvalDecision',
        options: opts('approvalDecision', APPROVAL_DECISIONS),
      },
      {
        kind: 'area',
        name: 'reason',
        hint: 'act.refusalReasonHint',
        optional: true,
        showIf: (p) => p.decision === 'refused',
      },
    ],
  },
];
