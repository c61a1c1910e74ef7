import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { useLocale, useT } from '../../../i18n/index.ts';
import { Button } from '../../../ui/index.ts';
import { useUser } from '../../../app/session.tsx';
import { useUnitTimeZone } from '../../record/use-unit-time-zone.ts';
import { useOffline } from '../offline-context.tsx';
import { EnrolForm } from './enrol-form.tsx';

/** Hours and minutes on the unit's clock, as the record screens show times. */
function clock(iso: string, locale: string, timeZone: string): string {
  return new Date(iso).toLocaleTimeString(locale === 'en' ? 'en-GB' : 'uk-UA', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
}

function onConnection(fn: () => void): () => void {
  window.addEventListener('online', fn);
  window.addEventListener('offline', fn);
  return () => {
    window.removeEventListener('online', fn);
    window.removeEventListener('offline', fn);
  };
}

/** What the browser knows of the network (false means surely none; true may still be none). */
function useConnected(): boolean {
  return useSyncExternalStore(
    onConnection,
    () => navigator.onLine,
    () => true,
  );
}

/**
 * "3 entries not sent, last sync 12:04" (issue 19 "People first"): what the tablet still holds,
 * when it last reached the server, and a revoked tablet said in words.
 */
export function OutboxStatus(): ReactNode {
  const t = useT();
  const { locale } = useLocale();
  const offline = useOffline();
  const connected = useConnected();
  const timeZone = useUnitTimeZone(useUser().unitId);
  const [enrolling, setEnrolling] = useState(false);
  if (offline === null) return null;
  if (offline.mayEnrol) {
    return (
      <div className="outbox-status" role="status">
        <Button
          onClick={() => {
            setEnrolling(true);
          }}
        >
          {t('offline.enrol')}
        </Button>
        <EnrolForm
          open={enrolling}
          onClose={() => {
            setEnrolling(false);
          }}
          enrol={(form) => offline.enrol(form)}
        />
      </div>
    );
  }
  const s = offline.state;
  if (!offline.enrolled || s === null) return null;
  if (s.revokedAt !== null) {
    return (
      <div className="outbox-status outbox-revoked" role="alert" data-testid="outbox-revoked">
        <p>{t('offline.revoked', { time: clock(s.revokedAt, locale, timeZone) })}</p>
        {s.unsent > 0 && <p>{t('offline.revokedKept', { n: String(s.unsent) })}</p>}
      </div>
    );
  }
  const sent =
    s.lastSyncAt === null
      ? t('offline.neverSynced')
      : t('offline.lastSync', { time: clock(s.lastSyncAt, locale, timeZone) });
  return (
    <div
      className="outbox-status"
      role="status"
      data-testid="outbox-status"
      data-unsent={s.unsent}
      data-connected={connected}
    >
      <span>
        {!connected && <strong>{t('offline.noSignal')}. </strong>}
        {s.unsent === 0 ? t('offline.allSent') : t('offline.unsent', { n: String(s.unsent) })},{' '}
        {sent}
      </span>
      {s.unsent > 0 && (
        <Button onClick={() => void offline.syncNow()} disabled={s.running}>
          {t('offline.syncNow')}
        </Button>
      )}
    </div>
  );
}
