import { Suspense, lazy, useEffect } from 'react';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { SessionUser } from '@custody/contracts';
import { api } from '../api/client.ts';
import { I18nProvider, useLocale, useT } from '../i18n/index.ts';
import { ToastProvider } from '../ui/index.ts';
import { SignInScreen } from '../features/sign-in/components/sign-in-screen.tsx';
import { canOpen, sectionOf, type SectionId } from './access.ts';
import { usePath } from './router.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { PublicShell, Shell } from './shell.tsx';

type Screen = LazyExoticComponent<ComponentType>;

/** Feature screens, each in its own chunk so the first load stays small. */
const SCREENS: Record<SectionId, Screen> = {
  home: lazy(() => import('../features/home/components/home-screen.tsx')),
  admin: lazy(() => import('../features/admin/components/admin-screen.tsx')),
  grants: lazy(() => import('../features/grants/components/grants-screen.tsx')),
  security: lazy(() => import('../features/totp/components/totp-enrolment-screen.tsx')),
  reports: lazy(() => import('../features/reports/components/reports-screen.tsx')),
  oversight: lazy(() => import('../features/oversight/components/oversight-screen.tsx')),
  integrity: lazy(() => import('../features/integrity/components/integrity-screen.tsx')),
  whiteboard: lazy(() => import('../features/whiteboard/components/whiteboard-screen.tsx')),
  detention: lazy(() => import('../features/detention/components/detention-screen.tsx')),
  records: lazy(() => import('../features/record/components/record-screen.tsx')),
};

function Loading(): ReactNode {
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

function Routed(props: { user: SessionUser }): ReactNode {
  const t = useT();
  const path = usePath();
  const section = sectionOf(path);
  let content: ReactNode;
  if (props.user.totpEnrolmentRequired) {
    const Enrol = SCREENS.security;
    content = <Enrol />;
  } else if (!section) {
    content = <Message title={t('app.notFound')} text={path} />;
  } else if (!canOpen(section, props.user.role)) {
    content = <Message title={t('app.refusedTitle')} text={t('app.refused')} />;
  } else {
    const Screen = SCREENS[section.id];
    content = <Screen />;
  }
  return <Suspense fallback={<Loading />}>{content}</Suspense>;
}

function Root(): ReactNode {
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
        <Shell user={state.user}>
          <Routed user={state.user} />
        </Shell>
      );
  }
}

/** The application: language, notices and session around the routed screens. */
export function App(): ReactNode {
  return (
    <I18nProvider>
      <ToastProvider>
        <SessionProvider>
          <Root />
        </SessionProvider>
      </ToastProvider>
    </I18nProvider>
  );
}
