import { LEGAL_PROFILES } from '@custody/domain';
import { me, openEntries, opts, type RecordAction } from './action.ts';

/**
 * Whether a defender is present and, if so, who: name and the number of the certificate that
 * confirms their powers (КПК ст. 45, ст. 50 ч. 1 п. 1); the domain refuses a present defender
 * left unnamed.
 */
const defenderFields: RecordAction['fields'] = [
  { kind: 'yesno', name: 'defenderPresent', label: 'qa.defenderPresent' },
  {
    kind: 'text',
    name: 'defender.name',
    label: 'qa.defender',
    showIf: (p) => p['defenderPresent'] === true,
  },
  {
    kind: 'text',
    name: 'defender.certificateNumber',
    label: 'qa.defenderCertificate',
    hint: 'qa.defenderCertificateHint',
    showIf: (p) => p['defenderPresent'] === true,
  },
];

const investigator = (ctx: { user: { id: string; displayName: string } }) => ctx.user.id;

/** Procedural events (domain.md §3.11): protocol, suspicion, investigative actions, court. */
export const PROCEDURE_ACTIONS: readonly RecordAction[] = [
  {
    id: 'protocol',
    command: 'DrawUpDetentionProtocol',
    label: 'act.protocol',
    group: 'procedure',
    fields: [
      { kind: 'text', name: 'protocolNumber' },
      { kind: 'yesno', name: 'copyHandedToDetainee' },
      { kind: 'yesno', name: 'copySentToProsecutor' },
    ],
  },
  {
    id: 'suspicion',
    command: 'ServeSuspicionNotice',
    label: 'act.suspicion',
    group: 'procedure',
    defaults: (ctx) => ({ servedBy: me(ctx) }),
    fields: [
      { kind: 'text', name: 'proceedingNumber' },
      { kind: 'text', name: 'article', hint: 'act.articleHint' },
      { kind: 'person', name: 'servedBy' },
    ],
  },
  {
    id: 'actionStart',
    command: 'StartInvestigativeAction',
    label: 'act.actionStart',
    group: 'procedure',
    defaults: (ctx) => ({ investigatorId: investigator(ctx) }),
    fields: [
      { kind: 'text', name: 'kind', label: 'act.actionKind' },
      { kind: 'text', name: 'proceedingNumber', optional: true },
      ...defenderFields,
    ],
  },
  {
    id: 'actionEnd',
    command: 'EndInvestigativeAction',
    label: 'act.actionEnd',
    group: 'procedure',
    fields: [
      {
        kind: 'entry',
        name: 'actionEventId',
        label: 'act.whichAction',
        pick: openEntries(
          'InvestigativeActionStarted',
          'InvestigativeActionEnded',
          'actionEventId',
        ),
      },
      { kind: 'area', name: 'summary', optional: true },
    ],
  },
  {
    id: 'interrogationStart',
    command: 'StartInterrogation',
    label: 'qa.interrogationStart',
    group: 'procedure',
    defaults: (ctx) => ({ interrogatorId: ctx.user.id, interrogatorName: ctx.user.displayName }),
    fields: [...defenderFields, { kind: 'text', name: 'proceedingNumber', optional: true }],
  },
  {
    id: 'interrogationPause',
    command: 'PauseInterrogation',
    label: 'qa.interrogationPause',
    group: 'procedure',
    fields: [{ kind: 'text', name: 'reason', label: 'qa.pauseReason', optional: true }],
  },
  {
    id: 'interrogationResume',
    command: 'ResumeInterrogation',
    label: 'qa.interrogationResume',
    group: 'procedure',
    fields: defenderFields,
  },
  {
    id: 'interrogationEnd',
    command: 'EndInterrogation',
    label: 'qa.interrogationEnd',
    group: 'procedure',
    fields: [{ kind: 'area', name: 'summary', label: 'qa.summary', optional: true }],
  },
  {
    id: 'hearing',
    command: 'ScheduleCourtHearing',
    label: 'act.hearing',
    group: 'procedure',
    fields: [
      { kind: 'text', name: 'court' },
      { kind: 'instant', name: 'scheduledFor' },
      { kind: 'text', name: 'caseNumber', optional: true },
    ],
  },
  {
    id: 'courtDecision',
    command: 'RecordCourtDecision',
    label: 'act.courtDecision',
    group: 'procedure',
    fields: [
      {
        kind: 'select',
        name: 'outcome',
        options: opts('courtOutcome', ['custody', 'bail', 'release', 'house_arrest', 'other']),
      },
      { kind: 'text', name: 'court' },
      { kind: 'text', name: 'decisionRef', optional: true },
      { kind: 'area', name: 'details', optional: true },
    ],
  },
  {
    id: 'reclassify',
    command: 'ReclassifyDetention',
    label: 'act.reclassify',
    group: 'procedure',
    fields: [
      { kind: 'select', name: 'newProfile', options: opts('profile', LEGAL_PROFILES) },
      { kind: 'text', name: 'legalBasis' },
      { kind: 'area', name: 'grounds' },
      { kind: 'instant', name: 'clockStartsAt', optional: true, hint: 'act.clockHint' },
    ],
  },
  {
    id: 'paceAuthorisation',
    command: 'RecordPaceAuthorisation',
    label: 'act.paceAuthorisation',
    group: 'procedure',
    fields: [
      {
        kind: 'select',
        name: 'kind',
        options: opts('paceAuthorisation', [
          'superintendent_extension',
          'warrant_of_further_detention',
          'warrant_extension',
        ]),
      },
      { kind: 'person', name: 'authorisedBy' },
      { kind: 'number', name: 'detentionLimitHours' },
      { kind: 'area', name: 'grounds' },
    ],
  },
  {
    id: 'paceReview',
    command: 'RecordPaceReview',
    label: 'act.paceReview',
    group: 'procedure',
    fields: [
      { kind: 'person', name: 'reviewer' },
      {
        kind: 'select',
        name: 'outcome',
        options: opts('paceReview', ['continued', 'release_ordered']),
      },
      { kind: 'yesno', name: 'representationsHeard' },
      { kind: 'area', name: 'notes', optional: true },
    ],
  },
];
