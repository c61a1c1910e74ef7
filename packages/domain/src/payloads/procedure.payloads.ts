import { z } from 'zod';
import { legalProfile } from './arrest.payloads.ts';
import {
  id,
  keepOffsets,
  optionalText,
  personRef,
  statedInstant,
  statedOffset,
  text,
} from './primitives.ts';

/** Protocol of detention drawn up; copies to the detainee at once and to the prosecutor (КПК ст. 208 ч. 5). */
export const detentionProtocolDrawnUp = z.strictObject({
  protocolNumber: text(100),
  copyHandedToDetainee: z.boolean(),
  copySentToProsecutor: z.boolean(),
});

/** Written notice of suspicion served (КПК ст. 276-278: within 24 h of detention). */
export const suspicionNoticeServed = z.strictObject({
  proceedingNumber: text(100),
  article: text(200),
  servedBy: personRef,
});

/**
 * A defender named in an entry: name and the number of the certificate of the right to practise
 * law, which confirms a defender's powers (КПК ст. 50 ч. 1 п. 1). Entries stored before the number
 * was asked may lack it; a new entry names it (commands.ts).
 */
export const defenderRef = z.strictObject({
  id: id.optional(),
  name: text(200),
  certificateNumber: optionalText(50),
});
export type DefenderRef = z.infer<typeof defenderRef>;

/** An investigative action with the detainee began (identification parade, search, ...). */
export const investigativeActionStarted = z.strictObject({
  kind: text(200),
  investigatorId: id,
  proceedingNumber: optionalText(100),
  defenderPresent: z.boolean(),
  defender: defenderRef.optional(),
});

/** The investigative action that `actionEventId` started ended. */
export const investigativeActionEnded = z.strictObject({
  actionEventId: id,
  summary: optionalText(2000),
});

/** An interrogation began (КПК ст. 224; КПК ст. 490 for a juvenile: defender present). */
export const interrogationStarted = z.strictObject({
  interrogatorId: id,
  interrogatorName: optionalText(200),
  defenderPresent: z.boolean(),
  defender: defenderRef.optional(),
  proceedingNumber: optionalText(100),
});

/** The running interrogation was paused (КПК ст. 224: a break at least every 2 h). */
export const interrogationPaused = z.strictObject({
  reason: optionalText(500),
});

/** The paused interrogation resumed. */
export const interrogationResumed = z.strictObject({
  defenderPresent: z.boolean(),
  defender: defenderRef.optional(),
});

/** The interrogation ended. */
export const interrogationEnded = z.strictObject({
  summary: optionalText(2000),
});

/** A court hearing on a preventive measure was scheduled (КПК ст. 211: within 60 h). */
export const courtHearingScheduled = z
  .strictObject({
    court: text(300),
    scheduledFor: statedInstant,
    scheduledForOffset: statedOffset.optional(),
    caseNumber: optionalText(100),
  })
  .overwrite(keepOffsets('scheduledFor'));

/** The court decided (КПК ст. 194-196): custody, bail, release, house arrest or other. */
export const courtDecisionRecorded = z.strictObject({
  outcome: z.enum(['custody', 'bail', 'release', 'house_arrest', 'other']),
  court: text(300),
  decisionRef: optionalText(100),
  details: optionalText(4000),
});

/**
 * The basis changed (administrative detention became criminal). T0 stays the actual detention
 * unless `clockStartsAt` states otherwise (the time held counts: КПК ст. 209, ст. 211).
 */
export const detentionReclassified = z
  .strictObject({
    newProfile: legalProfile,
    legalBasis: text(300),
    grounds: text(4000),
    clockStartsAt: statedInstant.optional(),
    clockStartsAtOffset: statedOffset.optional(),
  })
  .overwrite(keepOffsets('clockStartsAt'));

/** PACE s.42 extension to 36 h (superintendent) or s.43-44 warrant of further detention to 96 h. */
export const paceAuthorisationRecorded = z.strictObject({
  kind: z.enum(['superintendent_extension', 'warrant_of_further_detention', 'warrant_extension']),
  authorisedBy: personRef,
  detentionLimitHours: z.int().min(24).max(96),
  grounds: text(4000),
});

/** PACE s.40 review of detention (first at 6 h, then every 9 h). */
export const paceReviewRecorded = z.strictObject({
  reviewer: personRef,
  outcome: z.enum(['continued', 'release_ordered']),
  representationsHeard: z.boolean(),
  notes: optionalText(4000),
});
