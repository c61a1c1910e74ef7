import type { ReactNode } from 'react';
import { navFor } from '../../../app/access.ts';
import { Link } from '../../../app/router.tsx';
import { useUser } from '../../../app/session.tsx';
import { useT } from '../../../i18n/index.ts';

/** The landing page after sign-in: a greeting and the sections this role may open. */
export default function HomeScreen(): ReactNode {
  const t = useT();
  const user = useUser();
  const sections = navFor(user.role).filter((s) => s.id !== 'home');
  return (
    <section className="panel">
      <h1>{t('home.title', { name: user.displayName })}</h1>
      <p>{t('home.intro')}</p>
      {sections.length > 0 && (
        <ul className="home-links">
          {sections.map((s) => (
            <li key={s.id}>
              <Link to={s.path}>{t(s.label)}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
