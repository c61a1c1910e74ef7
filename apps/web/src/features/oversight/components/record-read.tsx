import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { Link, useNavigate } from '@tanstack/react-router';
import { useUser } from '../../../app/session.tsx';
import { useT } from '../../../i18n/index.ts';
import { describeError, FormAlert } from '../../../ui/index.ts';
import { getRecord, needsReason } from '../api.ts';
import { useOversightT } from '../i18n/index.ts';
import { ReadOnlyRecord } from './read-only-record.tsx';
import { ReasonDialog } from './reason-dialog.tsx';

type State =
  | { readonly kind: 'asking' }
  | { readonly kind: 'loading'; readonly reason: string | undefined }
  | { readonly kind: 'ready'; readonly reason: string | undefined; readonly view: RecordView }
  | { readonly kind: 'error'; readonly error: unknown };

/**
 * Opens one record for a monitor or lawyer only after a reason is stated (domain.md §5: every read
 * is logged with its reason); nothing is requested before that. Cancelling returns to the list.
 */
export function RecordRead(props: { recordId: string }): ReactNode {
  const ot = useOversightT();
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const [state, setState] = useState<State>(() =>
    needsReason(user.role) ? { kind: 'asking' } : { kind: 'loading', reason: undefined },
  );
  const reason = state.kind === 'loading' ? state.reason : undefined;
  const loading = state.kind === 'loading';

  useEffect(() => {
    if (!loading) return;
    let live = true;
    getRecord(props.recordId, reason).then(
      (view) => {
        if (live) setState({ kind: 'ready', reason, view });
      },
      (error: unknown) => {
        if (live) setState({ kind: 'error', error });
      },
    );
    return () => {
      live = false;
    };
  }, [loading, reason, props.recordId]);

  return (
    <>
      <p>
        <Link to="/oversight">{ot('record.back')}</Link>
      </p>
      <ReasonDialog
        open={state.kind === 'asking'}
        onClose={() => {
          if (state.kind === 'asking') void navigate({ to: '/oversight' });
        }}
        onSubmit={(stated) => {
          setState({ kind: 'loading', reason: stated });
        }}
      />
      {state.kind === 'loading' && (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      )}
      {state.kind === 'error' && <FormAlert>{describeError(t, state.error)}</FormAlert>}
      {state.kind === 'ready' && <ReadOnlyRecord view={state.view} reason={state.reason} />}
    </>
  );
}
