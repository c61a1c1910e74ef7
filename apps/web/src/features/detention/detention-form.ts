import type { OpenRecordRequest } from '@custody/contracts';
import type { LegalProfile, Sex } from '@custody/domain';
import { fromLocalInput } from '../record/time.ts';
import {
  namesToPeople,
  optional,
  validatePayload,
  type PayloadErrors,
} from '../record/validation.ts';

/** What the detaining officer types on the tablet (domain.md §3.1, the minimum required fields). */
export interface DetentionForm {
  readonly personKind: 'identified' | 'unidentified';
  readonly fullName: string;
  readonly dateOfBirth: string;
  readonly identityDocument: string;
  readonly description: string;
  readonly when: string;
  readonly place: string;
  readonly profile: LegalProfile;
  readonly legalBasis: string;
  readonly grounds: string;
  readonly juvenile: boolean;
  /** For men/women separation in rooms (domain.md §4); '' until chosen (the form requires it). */
  readonly sex: '' | Sex;
  readonly foreigner: boolean;
  readonly nationality: string;
  readonly language: string;
  readonly officers: string;
  readonly bodycam: string;
}

/** The article each legal profile usually rests on, prefilled and editable. */
export const DEFAULT_BASIS: Readonly<Record<LegalProfile, string>> = {
  ua_criminal_208: 'КПК ст. 208',
  ua_ruling_191: 'КПК ст. 191',
  ua_administrative: 'КУпАП ст. 262',
  ua_administrative_border: 'КУпАП ст. 263 ч. 2',
  ew_pace: 'PACE s.24',
};

export function emptyDetention(when: string, officer: string): DetentionForm {
  return {
    personKind: 'identified',
    fullName: '',
    dateOfBirth: '',
    identityDocument: '',
    description: '',
    when,
    place: '',
    profile: 'ua_criminal_208',
    legalBasis: DEFAULT_BASIS.ua_criminal_208,
    grounds: '',
    juvenile: false,
    sex: '',
    foreigner: false,
    nationality: '',
    language: 'українська',
    officers: officer,
    bodycam: '',
  };
}

/**
 * The body of `POST /api/v1/records` from the form (actual detention, КПК ст. 209), with `when`
 * read on the clock of `timeZone`: the zone of the unit the record opens in (the officer's own,
 * as the server assigns it), whatever the tablet's zone.
 */
export function toOpenRequest(form: DetentionForm, timeZone: string): OpenRecordRequest {
  const person =
    form.personKind === 'identified'
      ? {
          kind: 'identified' as const,
          fullName: form.fullName,
          dateOfBirth: optional(form.dateOfBirth),
          identityDocument: optional(form.identityDocument),
        }
      : { kind: 'unidentified' as const, description: form.description };
  const camera = optional(form.bodycam);
  return {
    occurredAt: fromLocalInput(form.when, timeZone) ?? '',
    payload: {
      person,
      place: { description: form.place },
      detainingOfficers: namesToPeople(form.officers),
      profile: form.profile,
      legalBasis: form.legalBasis,
      grounds: form.grounds,
      juvenile: form.juvenile,
      sex: form.sex === '' ? undefined : form.sex,
      foreigner: form.foreigner,
      nationality: form.foreigner ? optional(form.nationality) : undefined,
      language: form.language,
      bodycamRefs: camera ? [{ cameraId: camera }] : [],
    },
  };
}

/**
 * Inline errors of the form, from the domain's RecordDetention schema (the server validates with
 * the same one), keyed by form field; `when` must be a time on the clock of `timeZone`.
 */
export function detentionErrors(form: DetentionForm, timeZone: string): PayloadErrors {
  const request = toOpenRequest(form, timeZone);
  const byPath = validatePayload('RecordDetention', { ...request.payload, recordId: 'new' });
  const field: Record<string, string> = {
    'person.fullName': 'fullName',
    'person.description': 'description',
    'person.dateOfBirth': 'dateOfBirth',
    'place.description': 'place',
    detainingOfficers: 'officers',
  };
  const out: Record<string, PayloadErrors[string]> = {};
  for (const [path, key] of Object.entries(byPath)) {
    const known = Object.keys(field).find((k) => path === k || path.startsWith(`${k}.`));
    const name = known === undefined ? path : (field[known] ?? path);
    out[name] ??= key;
  }
  if (request.occurredAt === '') out['when'] = 'form.required';
  // The API takes a detention without it (records opened before it was asked, other clients);
  // the form asks it of every new detention, as the men/women placement rule needs it (§4).
  if (form.sex === '') out['sex'] = 'form.required';
  return out;
}
