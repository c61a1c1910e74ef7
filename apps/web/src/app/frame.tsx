import { Outlet, useLocation } from '@tanstack/react-router';
import { Suspense, lazy, useEffect } from 'react';
import type { ReactNode } from 'react';
import type { SessionUser } from '@custody/contracts';
import { api } from '../api/client.ts';
import { useLocale, useT } from '../i18n/index.ts';
import { SignInScreen } from '../features/sign-in/components/sign-in-screen.tsx';
import { canOpen, sectionOf } from './access.ts';
import { useSession } from './session.tsx';
import { IdleLock } from '../features/offline/components/idle-lock.tsx';
import { OfflineProvider } from '../features/offline/offline-context.tsx';
import { PublicShell, Shell } from './shell.tsx';

const TotpEnrolmentScreen = lazy(
  () => import('../features/totp/components/totp-enrolment-screen.tsx'),
);

export function Loading(): ReactNode {
  const t = useT();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

function Message(props: { title: string; text: string }): ReactNode {
  return (
    <section className="panel">
      <h1>{props.title}</h1>
      <p>{props.text}</p>
    </section>
  );
}

/** A path no route knows. */
export function NotFound(): ReactNode {
  const t = useT();
  const { pathname } = useLocation();
  return <Message title={t('app.notFound')} text={pathname} />;
}

/** The routed screen, or a refusal for a section the role may not open (the menu hides it too). */
function Gate(props: { user: SessionUser }): ReactNode {
  const t = useT();
  const { pathname } = useLocation();
  const section = sectionOf(pathname);
  if (props.user.totpEnrolmentRequired) {
    return (
      <Suspense fallback={<Loading />}>
        <TotpEnrolmentScreen />
      </Suspense>
    );
  }
  if (section && !canOpen(section, props.user.role)) {
    return <Message title={t('app.refusedTitle')} text={t('app.refused')} />;
  }
  return <Outlet />;
}

/** The root route: sign-in until a session exists, then the shell around the routed screen. */
export function AppFrame(): ReactNode {
  const { state } = useSession();
  const { locale } = useLocale();
  useEffect(() => {
    api.setLanguage(locale);
  }, [locale]);

  switch (state.status) {
    case 'loading':
      return (
        <PublicShell>
          <Loading />
        </PublicShell>
      );
    case 'signed-out':
      return (
        <PublicShell>
          <SignInScreen expired={state.expired} />
        </PublicShell>
      );
    case 'signed-in':
      return (
        <OfflineProvider
          user={state.user}
          verified={state.offline !== true}
          lockAfterSeconds={state.lockAfterSeconds}
        >
          <IdleLock user={state.user} lockAfterSeconds={state.lockAfterSeconds}>
            <Shell user={state.user}>
              <Gate user={state.user} />
            </Shell>
          </IdleLock>
        </OfflineProvider>
      );
  }
}
