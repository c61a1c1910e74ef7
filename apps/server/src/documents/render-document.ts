import { createContext, LABELS } from './pdf/document-context.ts';
import { writeNotificationLog } from './pdf/notification-log.document.ts';
import { writePropertyReceipt } from './pdf/property-receipt.document.ts';
import { writeProtocol } from './pdf/protocol.document.ts';
import type { DocumentInput } from './pdf/record-view.ts';
import { writeRecordExtract } from './pdf/record-extract.document.ts';
import { writeReferral } from './pdf/referral.document.ts';
import { rightsLocale, writeRightsNotice } from './pdf/rights-notice.document.ts';

export type { DocumentEvent, DocumentInput, DocumentObligation } from './pdf/record-view.ts';
export { DocumentUnavailableError } from './pdf/referral.document.ts';
export { FontMissingError } from './pdf/fonts.ts';

/** The documents of domain.md §6. */
export const DOCUMENT_KINDS = [
  'detention_protocol',
  'administrative_detention_protocol',
  'rights_notice',
  'notification_log',
  'property_receipt',
  'medical_referral',
  'intoxication_referral',
  'record_extract',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

function detaineeLanguage(input: DocumentInput): string | undefined {
  const detention = input.events.find((e) => e.type === 'DetentionRecorded');
  const payload = detention?.payload;
  if (typeof payload !== 'object' || payload === null || !('language' in payload)) return undefined;
  return typeof payload.language === 'string' ? payload.language : undefined;
}

/**
 * Renders one document of a custody record as PDF (domain.md §6) from the record's events, in
 * Ukrainian or English, times in the unit's zone with the UTC offset, each page headed with the
 * unit and record number and footed with page x of y and the generation time. The rights notice
 * follows the detainee's language when it is Ukrainian or English (КПК ст. 29, 208).
 * Throws FontMissingError without the DejaVu fonts, DocumentUnavailableError when the record has
 * no basis for the document (a referral never made).
 */
export async function renderDocument(kind: DocumentKind, input: DocumentInput): Promise<Buffer> {
  const locale =
    kind === 'rights_notice'
      ? (rightsLocale(detaineeLanguage(input)) ?? input.locale)
      : input.locale;
  const c = createContext(input, LABELS[locale].titles[kind], locale);
  switch (kind) {
    case 'detention_protocol':
      writeProtocol(c, false);
      break;
    case 'administrative_detention_protocol':
      writeProtocol(c, true);
      break;
    case 'rights_notice':
      writeRightsNotice(c);
      break;
    case 'notification_log':
      writeNotificationLog(c);
      break;
    case 'property_receipt':
      writePropertyReceipt(c);
      break;
    case 'medical_referral':
      writeReferral(c, false);
      break;
    case 'intoxication_referral':
      writeReferral(c, true);
      break;
    case 'record_extract':
      writeRecordExtract(c);
      break;
  }
  return c.w.finish();
}
