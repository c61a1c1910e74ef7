import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.ts';

export type ToastKind = 'success' | 'error' | 'info';

interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
}

type Push = (kind: ToastKind, text: string) => void;

const ToastContext = createContext<Push | null>(null);

const TOAST_MS = 6000;

/**
 * Short confirmations in a polite live region; errors use role="alert".
 * They stay until dismissed or for six seconds, long enough to read at night.
 */
export function ToastProvider(props: { children: ReactNode }): ReactNode {
  const t = useT();
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((x) => x.id !== id));
  }, []);
  const push = useCallback<Push>(
    (kind, text) => {
      const id = Date.now() + Math.random();
      setToasts((list) => [...list.slice(-3), { id, kind, text }]);
      window.setTimeout(() => {
        dismiss(id);
      }, TOAST_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext value={value}>
      {props.children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
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
    </ToastContext>
  );
}

export function useToast(): Push {
  const push = useContext(ToastContext);
  if (!push) throw new Error('useToast outside ToastProvider');
  return push;
}
