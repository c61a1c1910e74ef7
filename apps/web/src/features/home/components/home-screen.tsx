import { useEffect } from 'react';
import type { ReactNode } from 'react';
import type { Whiteboard } from '@custody/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { landingFor } from '../../../app/access.ts';
import { useUser } from '../../../app/session.tsx';
import { useT } from '../../../i18n/index.ts';
import { ResourceView, StatusBadge } from '../../../ui/index.ts';
import { whiteboardQuery } from '../../record/api.ts';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { rowStatus } from '../../record/status.ts';

function ActiveRecords(props: { board: Whiteboard }): ReactNode {
  const dt = useDutyT();
  const { rows } = props.board;
  if (rows.length === 0) return <p className="muted">{dt('wb.empty')}</p>;
  return (
    <ul className="home-records">
      {rows.map(({ summary }) => (
        <li key={summary.id}>
          <Link to="/records/$recordId" params={{ recordId: summary.id }}>
            {summary.person.displayName}
          </Link>
          <span className="muted">{summary.location ?? dt('wb.notPlaced')}</span>
          <StatusBadge status={rowStatus(summary.worstStatus)} />
        </li>
      ))}
    </ul>
  );
}

function UnitRecords(props: { unitId: string }): ReactNode {
  const board = useQuery(whiteboardQuery(props.unitId));
  return <ResourceView query={board}>{(board) => <ActiveRecords board={board} />}</ResourceView>;
}

/**
 * The landing page after sign-in, by role (see `landingFor`): the working section of the role,
 * or for detaining officers and investigators the unit's active records, officers with a
 * new-detention action first (КПК ст. 208: a record is opened at actual detention).
 */
export default function HomeScreen(): ReactNode {
  const t = useT();
  const user = useUser();
  const landing = landingFor(user.role);
  const target = landing.kind === 'redirect' ? landing.path : undefined;
  const navigate = useNavigate();
  useEffect(() => {
    if (target !== undefined) void navigate({ to: target, replace: true });
  }, [target, navigate]);

  if (landing.kind === 'redirect') {
    return (
      <p className="loading" role="status">
        {t('home.opening')}
      </p>
    );
  }
  return (
    <section className="panel home" aria-labelledby="home-title">
      <h1 id="home-title">{t('home.title', { name: user.displayName })}</h1>
      {landing.newDetention && (
        <p>
          <Link className="btn btn-primary home-action" to="/records/new">
            {t('home.newDetention')}
          </Link>
        </p>
      )}
      <h2>{t('home.activeRecords')}</h2>
      <p>{t('home.intro')}</p>
      {user.unitId === null ? null : <UnitRecords unitId={user.unitId} />}
    </section>
  );
}
