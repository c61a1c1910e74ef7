import { useEffect, useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import type { SessionUser } from '@custody/contracts';
import { ApiError } from '../../../api/client.ts';
import { useSession } from '../../../app/session.tsx';
import { useT } from '../../../i18n/index.ts';
import { Button, FormAlert, TextField } from '../../../ui/index.ts';
import { signIn } from '../../sign-in/api.ts';
import { useOffline } from '../offline-context.tsx';
import { storedVerifier } from '../offline-session.ts';
import { checkVerifier, rememberPassword, typedVerifier } from '../unlock.ts';
import '../field.css';

/** Wrong passwords at the lock before the tablet signs out (and forgets the officer). */
const MAX_ATTEMPTS = 5;
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks an enrolled tablet's screen after `lockAfterSeconds` without a touch or a key (issue 19),
 * and any app that opened without signal: the app stays mounted under the lock (unsent entries keep syncing, a
 * half-filled form survives) but is hidden and inert until the officer's password is given
 * again, checked against the hash the tablet keeps (offline) or by the server. Five wrong
 * passwords sign the tablet out.
 */
export function IdleLock(props: {
  user: SessionUser;
  lockAfterSeconds: number;
  children: ReactNode;
}): ReactNode {
  const { locked, lock } = useSession();
  // Tablets that record in the field (enrolled) lock; a desk computer or the duty room's wall
  // whiteboard has the OS lock and must not go blank.
  const armed = useOffline()?.enrolled === true;
  const last = useRef(Date.now());
  useEffect(() => {
    if (locked || !armed) return undefined;
    last.current = Date.now();
    const touched = () => {
      last.current = Date.now();
    };
    const check = () => {
      if (Date.now() - last.current >= props.lockAfterSeconds * 1000) lock();
    };
    for (const type of ACTIVITY) window.addEventListener(type, touched, { passive: true });
    document.addEventListener('visibilitychange', check);
    const timer = window.setInterval(check, 5_000);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, touched);
      document.removeEventListener('visibilitychange', check);
      window.clearInterval(timer);
    };
  }, [locked, armed, lock, props.lockAfterSeconds]);

  return (
    <>
      {locked && <LockScreen user={props.user} />}
      <div hidden={locked} inert={locked} className="idle-lock-content">
        {props.children}
      </div>
    </>
  );
}

function LockScreen(props: { user: SessionUser }): ReactNode {
  const t = useT();
  const { unlock, signOut, established } = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const attempts = useRef(0);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (password === '') {
      setError(t('form.required'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const verifier =
        (await typedVerifier()?.catch(() => undefined)) ?? (await storedVerifier(props.user.id));
      let ok: boolean;
      if (verifier !== undefined) {
        ok = await checkVerifier(verifier, password);
      } else {
        // Nothing kept on this tablet (the page started on an existing session): ask the server.
        try {
          const session = await signIn({ username: props.user.username, password });
          rememberPassword(password);
          established(session);
          ok = true;
        } catch (refusal) {
          if (refusal instanceof ApiError && refusal.code === 'totp_required') {
            setError(t('lock.signInAgain'));
            return;
          }
          if (refusal instanceof ApiError && refusal.status === 0) {
            setError(t('lock.noSignal'));
            return;
          }
          ok = false;
        }
      }
      if (ok) {
        setPassword('');
        unlock();
        return;
      }
      attempts.current += 1;
      if (attempts.current >= MAX_ATTEMPTS) {
        await signOut();
        return;
      }
      setPassword('');
      setError(t('lock.wrong', { left: String(MAX_ATTEMPTS - attempts.current) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="idle-lock" aria-labelledby="lock-title" data-testid="idle-lock">
      <form className="panel idle-lock-panel" noValidate onSubmit={(e) => void submit(e)}>
        <h1 id="lock-title">{t('lock.title')}</h1>
        <p>{t('lock.intro', { name: props.user.displayName })}</p>
        {error && <FormAlert>{error}</FormAlert>}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={props.user.username}
          readOnly
          hidden
        />
        <TextField
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          autoFocus
          onChange={(e) => {
            setPassword(e.target.value);
          }}
        />
        <div className="actions">
          <Button
            onClick={() => {
              void signOut();
            }}
          >
            {t('header.signOut')}
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            {t('lock.unlock')}
          </Button>
        </div>
      </form>
    </main>
  );
}
