import type { RecordView } from '@custody/contracts';
import type { CommandType } from '@custody/domain';
import type { RecordAction } from './action.ts';
import { HEALTH_ACTIONS, RIGHTS_ACTIONS } from './actions.care.ts';
import { CUSTODY_ACTIONS } from './actions.custody.ts';
import { PROCEDURE_ACTIONS } from './actions.procedure.ts';
import { END_ACTIONS, RECORD_ACTIONS } from './actions.record.ts';
import { WELFARE_ACTIONS } from './actions.welfare.ts';

/** Every screen of the record page that records a command, in page order. */
export const RECORD_ACTIONS_ALL: readonly RecordAction[] = [
  ...WELFARE_ACTIONS,
  ...CUSTODY_ACTIONS,
  ...RIGHTS_ACTIONS,
  ...HEALTH_ACTIONS,
  ...PROCEDURE_ACTIONS,
  ...RECORD_ACTIONS,
  ...END_ACTIONS,
];

/**
 * Commands recorded by a screen other than the record page's actions: the opening of a record
 * has its own page (`/records/new`, reached from the whiteboard and the menu).
 */
export const OWN_SCREEN_COMMANDS: Readonly<Partial<Record<CommandType, string>>> = {
  RecordDetention: '/records/new',
};

/**
 * Commands the web app deliberately leaves to the API, each with its reason. Nothing else may be
 * missing a screen (`registry.test.ts` walks the domain's command catalogue).
 */
export const API_ONLY_COMMANDS: Readonly<Partial<Record<CommandType, string>>> = {
  // A lawful erasure of personal data (personal data law; integrity.md tombstones) is an HQ
  // decision taken on a written request, by API with the request's reference, not from a tablet.
  EraseEventPayload: 'lawful erasure: HQ, by API, on a written request',
  // An attachment commits to a file's SHA-256; the bytes go to the attachment store first
  // (POST /api/v1/records/:id/attachments), which the web app does not upload to yet.
  AddAttachment: 'files are uploaded through the attachments API',
};

/** The record page's actions the server offers this user on this record now. */
export function offeredActions(view: Pick<RecordView, 'commands'>): RecordAction[] {
  const offered = new Set(view.commands);
  return RECORD_ACTIONS_ALL.filter((a) => offered.has(a.command));
}
