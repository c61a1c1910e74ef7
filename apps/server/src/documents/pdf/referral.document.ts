import { personRows, type DocContext } from './document-context.ts';

/** Asked for a document the record has no basis for (no referral of that kind was recorded). */
export class DocumentUnavailableError extends Error {
  override readonly name = 'DocumentUnavailableError';
}

/**
 * Referral for a medical examination (КПК ст. 206 ч. 2, 212) or for an examination for
 * intoxication (КУпАП ст. 266), built from the latest MedicalExaminationReferred of that kind,
 * with the recorded injuries or signs of intoxication that prompted it.
 */
export function writeReferral(c: DocContext, intoxication: boolean): void {
  const { L, w, view } = c;
  const referral = view
    .of('MedicalExaminationReferred')
    .filter((r) => (r.payload.kind === 'intoxication') === intoxication)
    .at(-1);
  if (referral === undefined) throw new DocumentUnavailableError(L.text.noReferral);
  const t = L.titles;
  w.title(
    intoxication ? t.intoxication_referral : t.medical_referral,
    intoxication ? t.intoxication_referral_sub : t.medical_referral_sub,
  );
  w.fields([
    [L.field.referralNumber, referral.payload.referralNumber ?? L.field.none],
    [L.field.referredAt, c.time(referral.occurredAt)],
    [L.field.referredBy, c.name(referral.actor.id)],
    [L.field.institution, referral.payload.institution],
    [L.field.unit, `${c.input.unit.name} (${c.input.unit.code})`],
    ...personRows(c),
    [L.field.detainedAt, c.time(view.state?.t0)],
  ]);
  w.heading(L.field.reason);
  const reasons = intoxication
    ? view.of('IntoxicationRecorded').map((e) => `${c.time(e.occurredAt)}: ${e.payload.signs}`)
    : view
        .of('InjuriesRecorded')
        .flatMap((e) => e.payload.injuries.map((i) => `${c.time(e.occurredAt)}: ${i.description}`));
  w.paragraph(reasons.length === 0 ? L.field.none : reasons.join('\n'));
  w.signatures([L.text.signOfficer, L.text.signMedical]);
}
