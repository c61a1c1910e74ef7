import { commandSchemas, type CommandType } from '@custody/domain';
import type { MessageKey } from '../../i18n/index.ts';

/** Field path (dotted) → message key of the app catalogue. */
export type PayloadErrors = Readonly<Record<string, MessageKey>>;

/**
 * Validates a command payload with the very zod schema the server and the domain use
 * (packages/domain/src/commands.ts), so that the form refuses inline what the API would refuse.
 */
export function validatePayload(type: CommandType, payload: unknown): PayloadErrors {
  const result = commandSchemas[type].safeParse(payload);
  if (result.success) return {};
  const errors: Record<string, MessageKey> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (path in errors) continue;
    const missing =
      issue.code === 'invalid_type' || (issue.code === 'too_small' && issue.minimum === 1);
    errors[path] = missing ? 'form.required' : 'form.invalid';
  }
  return errors;
}

/** A comma-separated list of names as the domain's person references. */
export function namesToPeople(text: string): { name: string }[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((name) => ({ name }));
}

/** Empty text as undefined, so optional fields are left out rather than sent empty. */
export function optional(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}
