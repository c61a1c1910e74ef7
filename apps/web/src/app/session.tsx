import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { SessionResponse, SessionUser } from '@custody/contracts';
import { api, ApiError } from '../api/client.ts';
import {
  forgetOfflineSession,
  restoreOfflineSession,
} from '../features/offline/offline-session.ts';
import { forgetTypedPassword } from '../features/offline/unlock.ts';
import * as sessionApi from '../features/sign-in/api.ts';

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly expired: boolean }
  | {
      readonly status: 'signed-in';
      readonly user: SessionUser;
      /**
       * Opened without the server (no signal at start-up) as the officer last confirmed on this
       * enrolled tablet: entries go to the outbox; the server checks the session again once it
       * answers.
       */
      readonly offline?: boolean;
      /** Idle seconds after which the screen locks (the server's CUSTODY_LOCK_AFTER). */
      readonly lockAfterSeconds: number;
    };

/** Until the server has said (an offline start with nothing kept): five minutes. */
const DEFAULT_LOCK_AFTER_SECONDS = 300;

interface SessionValue {
  readonly state: SessionState;
  readonly established: (session: SessionResponse) => void;
  readonly updateUser: (user: SessionUser) => void;
  readonly signOut: (everywhere?: boolean) => Promise<void>;
  /**
   * The screen is locked (idle, or opened without signal) until the officer's password is
   * given again; the session itself goes on, so unsent work and a half-filled form survive.
   */
  readonly locked: boolean;
  readonly lock: () => void;
  readonly unlock: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * Who is signed in. Asks the server once at start; any 401 from an ordinary
 * request ends the session in the browser and shows sign-in with a notice.
 * Without signal at start, an enrolled tablet opens as the officer last confirmed on it
 * (issue 19) and asks the server again whenever the browser says it is online.
 */
export function SessionProvider(props: { children: ReactNode }): ReactNode {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [locked, setLocked] = useState(false);

  const established = useCallback((session: SessionResponse) => {
    api.setCsrfToken(session.csrfToken);
    setState({
      status: 'signed-in',
      user: session.user,
      lockAfterSeconds: session.lockAfterSeconds,
    });
  }, []);

  useEffect(() => {
    api.onUnauthorized(() => {
      api.setCsrfToken(undefined);
      setLocked(false);
      setState({ status: 'signed-out', expired: true });
    });
    sessionApi.currentSession().then(established, async (error: unknown) => {
      const kept =
        error instanceof ApiError && error.status === 0 ? await restoreOfflineSession() : null;
      if (kept === null) {
        setState({ status: 'signed-out', expired: false });
        return;
      }
      // Whoever holds the tablet gives the officer's password before anything shows.
      setLocked(true);
      setState({
        status: 'signed-in',
        user: kept.user,
        offline: true,
        lockAfterSeconds: kept.lockAfterSeconds ?? DEFAULT_LOCK_AFTER_SECONDS,
      });
    });
    return () => {
      api.onUnauthorized(undefined);
    };
  }, [established]);

  const offline = state.status === 'signed-in' && state.offline === true;
  useEffect(() => {
    if (!offline) return undefined;
    const check = () => {
      sessionApi.currentSession().then(established, (error: unknown) => {
        if (error instanceof ApiError && error.status !== 0) {
          setLocked(false);
          setState({ status: 'signed-out', expired: true });
        }
      });
    };
    window.addEventListener('online', check);
    const timer = setInterval(check, 30_000);
    return () => {
      window.removeEventListener('online', check);
      clearInterval(timer);
    };
  }, [offline, established]);

  const signOut = useCallback(async (everywhere = false) => {
    try {
      await (everywhere ? sessionApi.signOutEverywhere() : sessionApi.signOut());
    } finally {
      api.setCsrfToken(undefined);
      forgetTypedPassword();
      await forgetOfflineSession();
      setLocked(false);
      setState({ status: 'signed-out', expired: false });
    }
  }, []);

  const updateUser = useCallback((user: SessionUser) => {
    setState((s) => (s.status === 'signed-in' ? { ...s, user } : s));
  }, []);
  const lock = useCallback(() => {
    setLocked(true);
  }, []);
  const unlock = useCallback(() => {
    setLocked(false);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({ state, established, updateUser, signOut, locked, lock, unlock }),
    [state, established, updateUser, signOut, locked, lock, unlock],
  );
  return <SessionContext value={value}>{props.children}</SessionContext>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for screens rendered inside the signed-in shell. */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a session');
  return state.user;
}
