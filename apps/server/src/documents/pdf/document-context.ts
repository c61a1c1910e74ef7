import type { PersonRef } from '@custody/domain';
import { formatDate, formatInstant } from './format-time.ts';
import { en } from './labels.en.ts';
import { uk, type Labels } from './labels.uk.ts';
import { PdfWriter } from './pdf-writer.ts';
import { viewRecord, type DocumentInput, type RecordView } from './record-view.ts';

/** Everything a document builder needs: labels, the folded record, time formatting, the writer. */
export interface DocContext {
  input: DocumentInput;
  locale: 'uk' | 'en';
  L: Labels;
  view: RecordView;
  w: PdfWriter;
  time(iso: string | undefined): string;
  name(id: string): string;
  refs(people: readonly PersonRef[] | undefined): string;
}

export const LABELS: Record<'uk' | 'en', Labels> = { uk, en };

/** The record's number as people cite it: the custody number once registered, else the id. */
export function recordNumber(view: RecordView, recordId: string): string {
  return view.state?.custodyNumber ?? recordId;
}

/** Builds the context of one document; `locale` may differ from the input's (rights notice). */
export function createContext(
  input: DocumentInput,
  title: string,
  locale: 'uk' | 'en' = input.locale,
): DocContext {
  const L = LABELS[locale];
  const view = viewRecord(input.events);
  const time = (iso: string | undefined): string =>
    iso === undefined ? L.field.none : formatInstant(iso, input.unit.timeZone, locale);
  const w = new PdfWriter({
    unitLine: `${input.unit.name} (${input.unit.code})`,
    recordLine: `${L.frame.record} № ${recordNumber(view, input.recordId)}`,
    generatedLine: `${L.frame.generated}: ${time(input.generatedAt)}`,
    pageLabel: L.frame.page,
    title,
    language: locale,
    createdAt: new Date(input.generatedAt),
  });
  const name = (id: string): string => input.people(id) ?? id;
  const refs = (people: readonly PersonRef[] | undefined): string =>
    people === undefined || people.length === 0
      ? L.field.none
      : people.map((p) => p.name).join(', ');
  return { input, locale, L, view, w, time, name, refs };
}

/** Rows identifying the detained person (КПК ст. 104, 208; КУпАП ст. 261). */
export function personRows(c: DocContext): [string, string][] {
  const detention = c.view.of('DetentionRecorded')[0];
  const person = c.view.state?.person ?? detention?.payload.person;
  if (person === undefined) return [[c.L.field.person, c.L.field.none]];
  if (person.kind === 'unidentified') return [[c.L.field.unidentified, person.description]];
  return [
    [c.L.field.person, person.fullName],
    [
      c.L.field.dateOfBirth,
      person.dateOfBirth === undefined ? c.L.field.none : formatDate(person.dateOfBirth, c.locale),
    ],
    [c.L.field.identityDocument, person.identityDocument ?? c.L.field.none],
  ];
}

/** Rows of the actual detention (КПК ст. 208-210): time, place, basis, grounds, officers, delivery. */
export function detentionRows(c: DocContext): [string, string][] {
  const d = c.view.of('DetentionRecorded')[0];
  if (d === undefined) return [[c.L.field.detainedAt, c.L.field.none]];
  return [
    [c.L.field.detainedAt, c.time(d.occurredAt)],
    [c.L.field.place, d.payload.place.description],
    [c.L.field.legalBasis, c.view.state?.legalBasis ?? d.payload.legalBasis],
    [c.L.field.grounds, d.payload.grounds],
    [c.L.field.officers, c.refs(d.payload.detainingOfficers)],
    [c.L.field.deliveredAt, c.time(c.view.state?.deliveredAt)],
  ];
}

export function signatureText(
  c: DocContext,
  s: { signed: boolean; reason?: string } | undefined,
): string {
  if (s === undefined) return c.L.field.none;
  return s.signed ? c.L.field.signed : `${c.L.field.refused}: ${s.reason ?? ''}`;
}
