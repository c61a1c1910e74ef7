import type { DocContext } from './document-context.ts';
import { RIGHTS } from './rights.text.ts';

/** The detainee's language as a document locale, when it is one the documents are written in. */
export function rightsLocale(language: string | undefined): 'uk' | 'en' | null {
  const l = (language ?? '').trim().toLowerCase();
  if (['uk', 'ukr', 'ukrainian', 'українська'].includes(l)) return 'uk';
  if (['en', 'eng', 'english', 'англійська'].includes(l)) return 'en';
  return null;
}

/**
 * Written notice of rights (КПК ст. 208, 212, 213; Constitution art. 29, 63; CPT standards), in
 * the detainee's language where it is Ukrainian or English, with an acknowledgement to sign.
 */
export function writeRightsNotice(c: DocContext): void {
  const { L, w, view } = c;
  w.title(L.titles.rights_notice, L.titles.rights_notice_sub);
  w.fields([
    [
      L.field.person,
      view.state?.person.kind === 'identified' ? view.state.person.fullName : L.field.none,
    ],
    [L.field.detainedAt, c.time(view.state?.t0)],
    [L.field.custodyNumber, view.state?.custodyNumber ?? L.field.none],
  ]);
  const language = view.state?.language;
  if (language !== undefined && rightsLocale(language) === null) {
    w.paragraph(L.text.otherLanguage(language));
  }
  const administrative = view.state?.profile.startsWith('ua_administrative') ?? false;
  const rights = RIGHTS[c.locale];
  const items = [...rights.common, ...(administrative ? rights.administrative : rights.criminal)];
  w.heading(L.sections.rights);
  items.forEach((text, i) => {
    w.paragraph(`${i + 1}. ${text}`);
  });
  w.heading(L.sections.acknowledgement);
  w.paragraph(L.text.acknowledgement);
  w.signatures([L.text.signAcknowledge, L.text.signInspector]);
}
