import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { SessionUser } from '@custody/contracts';
import { useT } from '../i18n/index.ts';
import { Button, ToastOutlet } from '../ui/index.ts';
import { unitsQuery } from '../features/admin/api.ts';
import { OutboxStatus } from '../features/offline/components/outbox-status.tsx';
import { UpdateBanner } from '../features/offline/components/update-banner.tsx';
import { ROLE_LABEL, navFor, sectionOf } from './access.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { useSession } from './session.tsx';

function useUnitName(user: SessionUser): string | undefined {
  const units = useQuery({ ...unitsQuery(), enabled: user.unitId !== null });
  return units.data?.find((u) => u.id === user.unitId)?.name;
}

/** Header with unit, user, role, language and sign-out; the menu offers only what the role may open. */
export function Shell(props: { user: SessionUser; children: ReactNode }): ReactNode {
  const t = useT();
  const path = useLocation().pathname;
  const { signOut } = useSession();
  const { user } = props;
  const unitName = useUnitName(user);
  const current = sectionOf(path);
  const nav = user.totpEnrolmentRequired ? [] : navFor(user.role);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.title')}</span>
          <span className="brand-unit">
            <span className="visually-hidden">{t('header.unit')}: </span>
            {user.unitId !== null
              ? (unitName ?? '…')
              : user.role === 'monitor' || user.role === 'lawyer'
                ? t('header.byGrant')
                : t('header.noUnit')}
          </span>
        </div>
        <div className="header-user">
          <span className="user-name">{user.displayName}</span>
          <span className="user-role">
            <span className="visually-hidden">{t('header.role')}: </span>
            {t(ROLE_LABEL[user.role])}
          </span>
          <Link
            to="/security"
            className="user-security"
            aria-current={current?.id === 'security' ? 'page' : undefined}
          >
            {t('header.security')}
          </Link>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          <Button className="sign-out" onClick={() => void signOut()}>
            {t('header.signOut')}
          </Button>
        </div>
      </header>
      {nav.length > 0 && (
        <nav className="app-nav" aria-label={t('nav.label')}>
          <ul>
            {nav.map((s) => (
              <li key={s.id}>
                <Link to={s.path} aria-current={current?.id === s.id ? 'page' : undefined}>
                  {t(s.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" className="app-main" tabIndex={-1}>
        <ToastOutlet />
        <OutboxStatus />
        <UpdateBanner />
        {props.children}
      </main>
    </div>
  );
}

/** The frame around sign-in: title and language switch only. */
export function PublicShell(props: { children: ReactNode }): ReactNode {
  const t = useT();
  return (
    <div className="shell">
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.title')}</span>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="app-main">
        <ToastOutlet />
        {props.children}
      </main>
    </div>
  );
}
