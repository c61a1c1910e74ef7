import type { FieldErrors } from '../api/client.ts';
import type { MessageKey, TFunction } from '../i18n/index.ts';

export type Rule = (value: string) => { key: MessageKey; vars?: Record<string, number> } | null;

export const required: Rule = (v) => (v.trim() === '' ? { key: 'form.required' } : null);

export const minLength =
  (min: number): Rule =>
  (v) =>
    v.length > 0 && v.length < min ? { key: 'form.tooShort', vars: { min } } : null;

export const pattern =
  (re: RegExp): Rule =>
  (v) =>
    v !== '' && !re.test(v) ? { key: 'form.invalid' } : null;

/** Runs each field's rules in order and keeps the first failure per field, translated. */
export function validate(
  t: TFunction,
  values: Readonly<Record<string, string>>,
  rules: Readonly<Record<string, readonly Rule[]>>,
): FieldErrors {
  const out: Record<string, string> = {};
  for (const [field, list] of Object.entries(rules)) {
    const value = values[field] ?? '';
    for (const rule of list) {
      const failure = rule(value);
      if (failure) {
        out[field] = t(failure.key, failure.vars);
        break;
      }
    }
  }
  return out;
}
