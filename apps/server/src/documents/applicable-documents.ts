import type { CustodyEvent, LegalProfile } from '@custody/domain';
import { DOCUMENT_KINDS, type DocumentKind } from './render-document.ts';

const CRIMINAL: ReadonlySet<LegalProfile> = new Set(['ua_criminal_208', 'ua_ruling_191']);
const ADMINISTRATIVE: ReadonlySet<LegalProfile> = new Set([
  'ua_administrative',
  'ua_administrative_border',
]);

function profilesOf(events: readonly CustodyEvent[]): Set<LegalProfile> {
  const profiles = new Set<LegalProfile>();
  for (const e of events) {
    if (e.type === 'DetentionRecorded') profiles.add(e.payload.profile);
    if (e.type === 'DetentionReclassified') profiles.add(e.payload.newProfile);
  }
  return profiles;
}

/**
 * The documents a record calls for (domain.md §6), from its profile and entries: the protocol of
 * the detention's own law (КПК ст. 208 ч. 5 for a criminal detention, КУпАП ст. 261 for an
 * administrative one, both after a reclassification), the property receipt once property was
 * taken, each referral once one of its kind was made, and always the rights notice, the
 * notification log and the extract. Every kind offered renders; the others would be refused.
 */
export function applicableDocuments(events: readonly CustodyEvent[]): DocumentKind[] {
  const profiles = [...profilesOf(events)];
  const referrals = events.flatMap((e) =>
    e.type === 'MedicalExaminationReferred' ? [e.payload.kind] : [],
  );
  const applies: Record<DocumentKind, boolean> = {
    detention_protocol: profiles.some((p) => CRIMINAL.has(p)),
    administrative_detention_protocol: profiles.some((p) => ADMINISTRATIVE.has(p)),
    rights_notice: true,
    notification_log: true,
    property_receipt: events.some((e) => e.type === 'PropertyRecorded'),
    medical_referral: referrals.some((k) => k !== 'intoxication'),
    intoxication_referral: referrals.includes('intoxication'),
    record_extract: true,
  };
  return DOCUMENT_KINDS.filter((kind) => applies[kind]);
}
