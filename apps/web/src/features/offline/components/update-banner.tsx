import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '../../../i18n/index.ts';
import { Button } from '../../../ui/index.ts';
import { useOffline } from '../offline-context.tsx';
import { activateUpdate, anyFormDirty, onDirtyChange, onUpdate } from '../service-worker.ts';

/**
 * A new version of the app waits (issue 19): it is offered only when the outbox is empty and no
 * form is dirty; otherwise the screen says it waits. It never reloads by itself.
 */
export function UpdateBanner(): ReactNode {
  const t = useT();
  const offline = useOffline();
  const [waiting, setWaiting] = useState(false);
  const [dirty, setDirty] = useState(anyFormDirty());
  useEffect(
    () =>
      onUpdate((s) => {
        setWaiting(s.waiting);
      }),
    [],
  );
  useEffect(
    () =>
      onDirtyChange(() => {
        setDirty(anyFormDirty());
      }),
    [],
  );
  if (!waiting) return null;
  const unsent = offline?.state?.unsent ?? 0;
  const blocked = unsent > 0 || dirty;
  return (
    <div className="outbox-status" role="status" data-testid="update-banner" data-blocked={blocked}>
      <span>{blocked ? t('offline.updateWaits') : t('offline.updateReady')}</span>
      {!blocked && <Button onClick={activateUpdate}>{t('offline.updateNow')}</Button>}
    </div>
  );
}
