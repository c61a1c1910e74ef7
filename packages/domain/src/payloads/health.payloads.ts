import { z } from 'zod';
import { id, optionalText, personRef, sha256Hex, signatureOrRefusal, text } from './primitives.ts';

export const bodyRegion = z.enum([
  'head',
  'face',
  'neck',
  'chest',
  'abdomen',
  'back',
  'left_arm',
  'right_arm',
  'left_hand',
  'right_hand',
  'left_leg',
  'right_leg',
  'left_foot',
  'right_foot',
  'genitals',
  'other',
]);

/**
 * Visible injuries by body region with photo hashes (domain §3.7, §7 injuries on arrival), or the
 * finding that none were observed (`noneObserved`, no injuries listed): "no injuries" is an entry
 * in the log like any other finding, made by the person who looked, never a default.
 */
export const injuriesRecorded = z
  .strictObject({
    injuries: z
      .array(
        z.strictObject({
          bodyRegion,
          description: text(2000),
          photoSha256: z.array(sha256Hex).max(20),
        }),
      )
      .max(50),
    noneObserved: z.boolean().optional(),
    onArrival: z.boolean(),
    detaineeExplanation: optionalText(4000),
  })
  .refine((p) => (p.noneObserved === true) === (p.injuries.length === 0), {
    error: 'describe the injuries seen, or record that none were observed',
    path: ['injuries'],
  });

/** A complaint about health made by the detainee. */
export const healthComplaintRecorded = z.strictObject({
  complaint: text(4000),
});

/** Intoxication observed (or observed to have ended); it shortens the cell-check interval. */
export const intoxicationRecorded = z.strictObject({
  intoxicated: z.boolean(),
  substance: z.enum(['alcohol', 'drugs', 'unknown']).optional(),
  signs: text(2000),
});

/** Medication taken or given. */
export const medicationRecorded = z.strictObject({
  medication: text(200),
  dose: text(100),
  administeredBy: personRef.optional(),
});

/** Medical aid requested, by whom and from which service. */
export const medicalAidRequested = z.strictObject({
  reason: text(2000),
  requestedBy: z.enum(['detainee', 'officer', 'medical']),
  service: z.enum(['ambulance', 'unit_medic', 'hospital', 'other']),
});

/** Medical aid provided; `requestEventId` links it to the request it answers. */
export const medicalAidProvided = z.strictObject({
  provider: personRef,
  description: text(4000),
  requestEventId: id.optional(),
  hospitalised: z.boolean(),
});

/** Referral for a medical examination (injuries, intoxication, general). */
export const medicalExaminationReferred = z.strictObject({
  kind: z.enum(['injuries', 'intoxication', 'general']),
  institution: text(300),
  referralNumber: optionalText(100),
});

/**
 * The detainee's consent to disclose health and risk data to a lawyer or monitor, or its withdrawal
 * (E&W Code C 3.8A, Note 9E; Law of Ukraine on personal data art. 7).
 */
export const healthDataConsentRecorded = z.strictObject({
  consent: z.enum(['given', 'withdrawn']),
  disclosedTo: z.array(z.enum(['lawyer', 'monitor'])).min(1),
  signature: signatureOrRefusal,
});

/** A risk assessment; `atRisk` shortens the cell-check interval (E&W Code C 3.6-3.10). */
export const riskAssessed = z.strictObject({
  atRisk: z.boolean(),
  factors: z.array(text(300)).max(30),
  summary: text(4000),
});

/** Observation levels, lowest first (College of Policing APP detention and custody, levels 1-4). */
export const OBSERVATION_LEVELS = [
  'general',
  'intermittent',
  'constant',
  'close_proximity',
] as const;
export const observationLevel = z.enum(OBSERVATION_LEVELS);
export type ObservationLevel = z.infer<typeof observationLevel>;

/**
 * Observation level set; lowering needs a rationale and a supervisor's sign-off (domain §3.8).
 * Set while a request to lower it awaits a supervisor, the entry supersedes that request (it asked
 * about a level that is no longer the current one): the domain, never the caller, records which
 * as `supersedesRequestEventId`, so the record says why the request is no longer pending.
 */
export const observationLevelSet = z.strictObject({
  level: observationLevel,
  rationale: optionalText(2000),
  supervisorApproval: z.strictObject({ supervisorId: id, name: optionalText(200) }).optional(),
  supersedesRequestEventId: id.optional(),
});

/**
 * What a request for a supervisor's approval asks for (domain.md §2: the unit head approves
 * exceptions). Lowering an observation level is the one exception a unit role requests and a
 * supervisor decides as their own entry (domain.md §3.8); martial-law conditions (КПК ст. 615)
 * are recorded by the supervisor themselves (decide.approvals.ts).
 */
export const APPROVAL_SUBJECTS = ['observation_lowering'] as const;
export const approvalSubject = z.enum(APPROVAL_SUBJECTS);
export type ApprovalSubject = z.infer<typeof approvalSubject>;

/**
 * Step one of the two-step approval: a duty or custody inspector asks the unit's supervisors to
 * lower the observation level, with the rationale (domain.md §3.8). Nothing changes until a
 * supervisor approves it as their own entry (`ApprovalDecided`).
 */
export const approvalRequested = z.strictObject({
  subject: approvalSubject,
  level: observationLevel,
  rationale: text(2000),
});

export const APPROVAL_DECISIONS = ['approved', 'refused'] as const;

const approvalDecisionFields = {
  requestEventId: id,
  decision: z.enum(APPROVAL_DECISIONS),
  /** Why, required for a refusal. */
  reason: optionalText(2000),
  /** What was approved or refused, copied by the domain from the request (never by the caller). */
  subject: approvalSubject,
  level: observationLevel,
};

/** A refusal states its reason. */
function reasonWhenRefused(
  p: { decision: string; reason?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (p.decision === 'refused' && p.reason === undefined) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a refusal states its reason' });
  }
}

/**
 * Step two: a supervisor of the record's unit approves or refuses a pending request as their own
 * entry, signed into the log under their identity; an approved lowering takes effect from this
 * entry's occurred-at (domain.md §2, §3.8).
 */
export const approvalDecided = z
  .strictObject(approvalDecisionFields)
  .superRefine(reasonWhenRefused);

/** What the supervisor sends: the request and the decision; the subject comes from the request. */
export const decideApprovalPayload = z
  .strictObject({
    requestEventId: approvalDecisionFields.requestEventId,
    decision: approvalDecisionFields.decision,
    reason: approvalDecisionFields.reason,
  })
  .superRefine(reasonWhenRefused);
