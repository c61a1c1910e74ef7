import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { Button } from './button.tsx';
import { useT } from '../i18n/index.ts';

/**
 * A modal built on the native <dialog> (focus trap, Escape and inert
 * background come from the browser); closing by any means calls onClose.
 */
export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { open, onClose } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      {open && (
        <>
          <div className="dialog-head">
            <h2 id={titleId}>{props.title}</h2>
          </div>
          <div className="dialog-body">{props.children}</div>
        </>
      )}
    </dialog>
  );
}

/** Asks before an action that cannot be undone by the same person (disable, revoke, reset). */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}): ReactNode {
  const t = useT();
  return (
    <Dialog open={props.open} title={props.title} onClose={props.onClose}>
      <p>{props.message}</p>
      <div className="actions">
        <Button onClick={props.onClose}>{t('form.cancel')}</Button>
        <Button variant="danger" busy={props.busy ?? false} onClick={props.onConfirm}>
          {props.confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
