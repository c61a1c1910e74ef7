import type { ReactNode } from 'react';
import { Link, useLocation } from '@tanstack/react-router';
import { useT, type MessageKey } from '../../../i18n/index.ts';
import { IntegrityPanel } from './integrity-panel.tsx';
import { RoomsPanel } from './rooms-panel.tsx';
import { TokensPanel } from './tokens-panel.tsx';
import { UnitsPanel } from './units-panel.tsx';
import { UsersPanel } from './users-panel.tsx';

type Tab = 'users' | 'units' | 'rooms' | 'tokens' | 'integrity';

const TABS: readonly { id: Tab; path: string; label: MessageKey }[] = [
  { id: 'users', path: '/admin', label: 'admin.users' },
  { id: 'units', path: '/admin/units', label: 'admin.units' },
  { id: 'rooms', path: '/admin/rooms', label: 'admin.rooms' },
  { id: 'tokens', path: '/admin/tokens', label: 'admin.tokens' },
  { id: 'integrity', path: '/admin/integrity', label: 'admin.integrity' },
];

function panel(tab: Tab): ReactNode {
  switch (tab) {
    case 'users':
      return <UsersPanel />;
    case 'units':
      return <UnitsPanel />;
    case 'rooms':
      return <RoomsPanel />;
    case 'tokens':
      return <TokensPanel />;
    case 'integrity':
      return <IntegrityPanel />;
  }
}

/** Administration (admin role only): accounts, units, rooms and cells, API tokens, the log's key and checkpoints. */
export default function AdminScreen(): ReactNode {
  const t = useT();
  const path = useLocation().pathname.replace(/\/+$/, '');
  const current = TABS.find((x) => x.path === path) ?? TABS[0];
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <nav aria-label={t('admin.tabs')}>
        <ul className="tabs">
          {TABS.map((x) => (
            <li key={x.id}>
              {/* Exact: the router would otherwise mark "/admin" (users) current on every tab. */}
              <Link
                to={x.path}
                activeOptions={{ exact: true }}
                aria-current={x.id === current?.id ? 'page' : undefined}
              >
                {t(x.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {panel(current?.id ?? 'users')}
    </>
  );
}
