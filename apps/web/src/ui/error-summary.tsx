import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.ts';

/**
 * One problem of a form: its message and, when a field holds it, that field: by its id, or by
 * its name within the summary's form.
 */
export interface SummaryItem {
  readonly text: string;
  readonly fieldId?: string | undefined;
  readonly fieldName?: string | undefined;
}

/** The element an item names: by id, or the first control of that name in `form`. */
function fieldOf(item: SummaryItem, form: Element | null | undefined): HTMLElement | null {
  if (item.fieldId) return document.getElementById(item.fieldId);
  if (!item.fieldName || !form) return null;
  return form.querySelector<HTMLElement>(`[name="${CSS.escape(item.fieldName)}"]`);
}

/** Moves focus to a field named in the summary and brings its label into view (GOV.UK pattern). */
function focusField(target: HTMLElement | null): void {
  if (!target) return;
  const container = target.closest('fieldset, .field') ?? target;
  container.scrollIntoView({ block: 'start' });
  const focusable =
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
      ? target
      : target.querySelector<HTMLElement>('input, textarea, select, button');
  focusable?.focus({ preventScroll: true });
}

/**
 * The error summary of a form as GOV.UK does it: at the top, titled "There is a problem", one
 * link per problem that moves to its field, and focus moved here when a submission fails
 * (`attempt` changes), so a screen reader reads it and a keyboard user starts from it.
 */
export function ErrorSummary(props: { items: readonly SummaryItem[]; attempt: number }): ReactNode {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const shown = props.items.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [props.attempt, shown]);
  if (!shown) return null;
  return (
    <div
      ref={ref}
      className="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
    >
      <h2 id="error-summary-title" className="error-summary-title">
        {t('form.problem')}
      </h2>
      <ul className="error-summary-list">
        {props.items.map((item, i) => (
          <li key={`${item.fieldId ?? item.fieldName ?? ''}${String(i)}`}>
            {item.fieldId || item.fieldName ? (
              <a
                href={`#${item.fieldId ?? item.fieldName ?? ''}`}
                onClick={(event) => {
                  event.preventDefault();
                  focusField(fieldOf(item, ref.current?.closest('form')));
                }}
              >
                {item.text}
              </a>
            ) : (
              item.text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
