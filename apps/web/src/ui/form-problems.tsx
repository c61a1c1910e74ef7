import type { ReactNode } from 'react';
import { ErrorSummary, type SummaryItem } from './error-summary.tsx';

/** Where a field's label stands among the labels; a field without one after them all. */
function position(labels: Readonly<Record<string, string>>, key: string): number {
  const at = Object.keys(labels).indexOf(key);
  return at === -1 ? Number.MAX_SAFE_INTEGER : at;
}

/**
 * The error summary of a form whose errors are keyed by field name (`useFormErrors`, the
 * detention form): the form's own message first, then one link per field, "Label: message",
 * each moving to the control of that name in the form, in the order of `labels` (the form's
 * order, as GOV.UK lists them), fields without a label last. `names` maps an error key to the
 * control's name where they differ (a server path such as `expiresAt` for the `expires` input).
 */
export function FormProblems(props: {
  form?: string | undefined;
  fields: Readonly<Record<string, string>>;
  labels: Readonly<Record<string, string>>;
  attempt: number;
  names?: Readonly<Record<string, string>>;
}): ReactNode {
  const items: SummaryItem[] = [
    ...(props.form ? [{ text: props.form }] : []),
    ...Object.entries(props.fields)
      .sort(([a], [b]) => position(props.labels, a) - position(props.labels, b))
      .map(([key, message]) => {
        const label = props.labels[key];
        return {
          text: label ? `${label}: ${message}` : message,
          fieldName: props.names?.[key] ?? key,
        };
      }),
  ];
  return <ErrorSummary items={items} attempt={props.attempt} />;
}
