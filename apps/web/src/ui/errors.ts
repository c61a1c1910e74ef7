import { useState } from 'react';
import { ApiError, type FieldErrors } from '../api/client.ts';
import type { TFunction } from '../i18n/index.ts';

/** One line for a failed request, in the interface language where the app knows the case. */
export function describeError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('app.networkError');
    if (error.status === 403) return error.detail ?? t('app.refused');
    return error.detail ?? error.title;
  }
  return t('app.unexpectedError', { detail: error instanceof Error ? error.message : '?' });
}

/**
 * Form error state: `fields` for inline messages, `form` for the banner.
 * `fail` takes what a submit threw; server field errors land on their fields.
 */
export interface FormErrors {
  fields: FieldErrors;
  form: string | undefined;
  /** Counts failed submissions: the error summary takes focus on each (GOV.UK). */
  attempt: number;
  /**
   * The fields' messages after a submission (the summary takes focus), or with `focus: false`
   * a message dropped as the person corrects a field (focus stays where they are).
   */
  setFields: (fields: FieldErrors, options?: { focus?: boolean }) => void;
  fail: (error: unknown) => void;
  clear: () => void;
}

export function useFormErrors(t: TFunction): FormErrors {
  const [fields, setFields] = useState<FieldErrors>({});
  const [form, setForm] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  return {
    fields,
    form,
    attempt,
    setFields: (next, options) => {
      setFields(next);
      // The fields say what is wrong; the summary lists them, so no banner is needed too.
      setForm(undefined);
      if (Object.keys(next).length && options?.focus !== false) setAttempt((n) => n + 1);
    },
    fail: (error) => {
      const fromServer = error instanceof ApiError ? error.fieldErrors : {};
      setFields(fromServer);
      setForm(describeError(t, error));
      setAttempt((n) => n + 1);
    },
    clear: () => {
      setFields({});
      setForm(undefined);
    },
  };
}
