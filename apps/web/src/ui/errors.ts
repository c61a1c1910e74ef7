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
export function useFormErrors(t: TFunction): {
  fields: FieldErrors;
  form: string | undefined;
  setFields: (fields: FieldErrors) => void;
  fail: (error: unknown) => void;
  clear: () => void;
} {
  const [fields, setFields] = useState<FieldErrors>({});
  const [form, setForm] = useState<string | undefined>();
  return {
    fields,
    form,
    setFields: (next) => {
      setFields(next);
      setForm(Object.keys(next).length ? t('form.fixErrors') : undefined);
    },
    fail: (error) => {
      const fromServer = error instanceof ApiError ? error.fieldErrors : {};
      setFields(fromServer);
      setForm(describeError(t, error));
    },
    clear: () => {
      setFields({});
      setForm(undefined);
    },
  };
}
