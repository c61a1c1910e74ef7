import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button, Dialog, TextField } from '../../../ui/index.ts';
import { useT } from '../../../i18n/index.ts';
import { useOversightT } from '../i18n/index.ts';

/**
 * Asks the stated reason of a read or export before it happens (domain.md §5: every read is
 * logged with who, when, which record and why). Submitting an empty reason is refused here; the
 * server refuses it too.
 */
export function ReasonDialog(props: {
  open: boolean;
  intro?: string;
  submitLabel?: string;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}): ReactNode {
  const ot = useOversightT();
  const t = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <Dialog open={props.open} title={ot('reason.title')} onClose={props.onClose}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const trimmed = reason.trim();
          if (trimmed === '') {
            setError(ot('reason.required'));
            return;
          }
          setError(undefined);
          props.onSubmit(trimmed.slice(0, 500));
        }}
      >
        <p>{props.intro ?? ot('reason.intro')}</p>
        <TextField
          label={ot('reason.label')}
          hint={ot('reason.hint')}
          name="reason"
          value={reason}
          maxLength={500}
          required
          autoFocus
          error={error}
          onValue={setReason}
        />
        <div className="actions">
          <Button onClick={props.onClose}>{t('form.cancel')}</Button>
          <Button type="submit" variant="primary">
            {props.submitLabel ?? ot('reason.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
