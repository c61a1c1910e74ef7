import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useLocale, useT } from '../i18n/index.ts';
import type { Locale } from '../i18n/index.ts';

export type ToastKind = 'success' | 'error' | 'info';

interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
  /** The language the text was worded in: a notice is shown only in it (see {@link toastsIn}). */
  readonly locale: Locale;
}

/**
 * The notices to show in `locale`. A notice is worded when it is raised; after a switch of
 * language it would stay in the other language on a screen that is otherwise translated, so it
 * is dropped instead (what it confirmed is on the screen itself: the entry, the token, the grant).
 */
export function toastsIn<T extends { readonly locale: Locale }>(
  toasts: readonly T[],
  locale: Locale,
): readonly T[] {
  return toasts.filter((toast) => toast.locale === locale);
}

/**
 * The notices after `toast` is raised. A success replaces the success shown, so a run of entries
 * leaves one "saved" notice at the top of the page rather than a stack pushing the record down;
 * errors and other notices stay as they were, the newest four kept.
 */
export function withToast<T extends { readonly kind: ToastKind }>(
  toasts: readonly T[],
  toast: T,
): readonly T[] {
  const kept = toast.kind === 'success' ? toasts.filter((x) => x.kind !== 'success') : toasts;
  return [...kept.slice(-3), toast];
}

type Push = (kind: ToastKind, text: string) => void;

const ToastContext = createContext<Push | null>(null);
const ToastList = createContext<{
  readonly toasts: readonly Toast[];
  readonly dismiss: (id: number) => void;
}>({ toasts: [], dismiss: () => undefined });

const TOAST_MS = 6000;

/**
 * Short confirmations in a polite live region; errors use role="alert". They stay until
 * dismissed or for six seconds, long enough to read at night, and show where `ToastOutlet`
 * stands in the page: in the flow of the page above the screen's content, never over a field.
 */
export function ToastProvider(props: { children: ReactNode }): ReactNode {
  const { locale } = useLocale();
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((x) => x.id !== id));
  }, []);
  const push = useCallback<Push>(
    (kind, text) => {
      const id = Date.now() + Math.random();
      setToasts((list) => withToast(list, { id, kind, text, locale }));
      window.setTimeout(() => {
        dismiss(id);
      }, TOAST_MS);
    },
    [dismiss, locale],
  );
  const value = useMemo(() => push, [push]);
  const list = useMemo(() => ({ toasts, dismiss }), [toasts, dismiss]);
  return (
    <ToastContext value={value}>
      <ToastList value={list}>{props.children}</ToastList>
    </ToastContext>
  );
}

/** Where the notices show: at the top of the main content, pushing it down rather than covering it. */
export function ToastOutlet(): ReactNode {
  const t = useT();
  const { locale } = useLocale();
  const { toasts, dismiss } = useContext(ToastList);
  return (
    <div className="toasts" aria-live="polite">
      {toastsIn(toasts, locale).map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.kind}`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
        >
          <span>{toast.text}</span>
          <button
            type="button"
            className="toast-close"
            aria-label={t('form.close')}
            onClick={() => {
              dismiss(toast.id);
            }}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function useToast(): Push {
  const push = useContext(ToastContext);
  if (!push) throw new Error('useToast outside ToastProvider');
  return push;
}
