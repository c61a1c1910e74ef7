import { FIELD_COMMANDS, type FieldCommand } from '@custody/contracts';

const FIELD = new Set<string>(FIELD_COMMANDS);

/**
 * A command a tablet may keep in its outbox when there is no signal (issue 19; the list is the
 * sync route's, in @custody/contracts). Imported by lazily loaded screens only: the contracts
 * bring zod, which must load after app/zod-without-eval.ts.
 */
export function isFieldCommand(type: string): type is FieldCommand {
  return FIELD.has(type);
}
